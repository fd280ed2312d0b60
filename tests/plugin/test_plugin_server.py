"""The fake_cloud_server fixture: one server per session on an ephemeral port, reset per test, the same world as
fake_cloud, settings for the official SDKs."""


def test_server_fixture(pytester):
    pytester.makepyfile("""
        import json, urllib.request
        import pytest

        PORTS = set()

        @pytest.mark.parametrize("n", range(3))
        def test_reset_per_test(n, fake_cloud_server, fake_cloud, fake_mns):
            assert fake_cloud is fake_cloud_server.cloud
            PORTS.add(fake_cloud_server.port)
            assert len(PORTS) == 1 and fake_cloud_server.port > 0
            with fake_cloud_server.world():
                assert fake_mns.list_queues().names == ()
                fake_mns.create_queue("q%d" % n)
            settings = fake_cloud_server.settings
            assert settings["tea"]["endpoint"] == fake_cloud_server.endpoint
            assert settings["mns"]["host"] == fake_cloud_server.url

        def test_mns_sdk_against_the_server(fake_cloud_server, fake_mns):
            from mns.account import Account
            from mns.queue import Message
            with fake_cloud_server.world():
                fake_mns.create_queue("orders")
            queue = Account(**fake_cloud_server.settings["mns"]).get_queue("orders")
            queue.set_encoding(False)
            queue.send_message(Message("hello"))
            with fake_cloud_server.world():
                assert [m.body for m in fake_mns.messages("orders")] == ["hello"]
    """)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=4)


def test_flow_runner_shares_the_world_with_sdk_clients_under_the_server_lock(pytester):
    pytester.makepyfile("""
        import json, threading
        from mns.account import Account

        FLOW = '''
        version: v1
        type: flow
        steps:
          - type: task
            name: price
            resourceArn: acs:fc:::services/shop/functions/price
          - type: task
            name: approve
            resourceArn: acs:mns:::/queues/approvals/messages
            pattern: waitForCallback
            inputMappings:
              - target: token
                source: $context.task.token
            serviceParams:
              MessageBody: $
        '''

        def test_run_receive_report(fake_cloud_server, flow_runner, fake_fc, fake_mns):
            lock = fake_cloud_server.lock
            seen = []

            def price(event):
                # another thread (a server request) cannot take the world while the runner moves it
                other = threading.Thread(target=lambda: seen.append(lock.acquire(blocking=False)))
                other.start()
                other.join()
                return {"total": 3}

            with fake_cloud_server.world():
                fake_fc.register("shop/price", price)
                fake_mns.create_queue("approvals")
            run = flow_runner.run(FLOW)
            assert seen == [False]
            queue = Account(**fake_cloud_server.settings["mns"]).get_queue("approvals")
            queue.set_encoding(False)
            token = json.loads(queue.receive_message(wait_seconds=1).message_body)["token"]
            assert [w.token for w in run.waiting] == [token]
            run.report_succeeded(token, {"approved": True})
            assert (run.status, run.output) == ("Succeeded", {"approved": True, "total": 3})
    """)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_the_server_fixture_passes_its_control_token(pytester):
    pytester.makepyfile("""
        import requests

        def test_control(fake_cloud_server):
            assert fake_cloud_server.control("/clock/advance", {"seconds": 60})["mode"] == "virtual"
            control = fake_cloud_server.settings["control"]
            assert requests.get(control["url"] + "/clock", headers=control["headers"]).status_code == 200
            assert requests.get(control["url"] + "/clock").status_code == 401
    """)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
