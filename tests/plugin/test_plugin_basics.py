"""Registration (entry point, markers, options, ini), the fixtures and a clean world per test."""


def test_markers_and_options_are_registered(pytester):
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.fakecloud(seed=0, start=None, region=None, account_id=None, "
                                 "limits=None, unmocked=None, strict=True): settings of the test's fake world",
                                 "@pytest.mark.scenario(path): load a scenario file into the `scenario` fixture"])
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["fakecloud: offline Alibaba Cloud Serverless Workflow:",
                                 "*--fakecloud-record-mode=*", "*--fakecloud-unmocked=*",
                                 "*--fakecloud-allow-real-cloud*", "*fakecloud_scenarios (bool)*"])


def test_strict_markers_accept_the_plugins_markers(pytester):
    pytester.makepyfile("""
        import pytest

        @pytest.mark.fakecloud(seed=7)
        def test_seeded(fake_cloud):
            assert fake_cloud.seed == 7
    """)
    pytester.runpytest("--strict-markers").assert_outcomes(passed=1)


def test_the_plugin_can_be_disabled(pytester):
    pytester.makepyfile("def test_x(fake_cloud): pass")
    result = pytester.runpytest("-p", "no:fakecloud")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'fake_cloud' not found*"])


def test_fixtures_share_one_clean_world_per_test(pytester):
    pytester.makepyfile("""
        def test_one(fake_cloud, fake_fc, fake_mns, fake_viapi, fake_fnf, fake_clock, flow_runner):
            assert fake_fc is fake_cloud.fc and fake_mns is fake_cloud.mns and fake_viapi is fake_cloud.viapi
            assert fake_fnf is fake_cloud.engine and flow_runner.cloud is fake_cloud
            fake_mns.create_queue("q")
            fake_clock.advance(60)
            assert fake_clock.iso() == "2024-01-01T00:01:00.000Z"

        def test_two(fake_cloud, fake_clock):
            assert fake_cloud.mns.list_queues().names == ()
            assert fake_clock.iso() == "2024-01-01T00:00:00.000Z"
    """)
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def test_fake_clock_drives_freezegun(pytester):
    pytester.makepyfile("""
        import datetime, time

        def handler(event):
            return {"at": datetime.datetime.utcnow().isoformat(), "epoch": time.time()}

        def test_frozen(fake_cloud, fake_clock, flow_runner):
            fake_cloud.fc.register("s/f", handler, decode=True)
            fake_clock.freeze()
            run = flow_runner.run('''
                version: v1
                type: flow
                steps:
                  - {type: wait, name: later, duration: 90}
                  - {type: task, name: stamp, resourceArn: "acs:fc:::services/s/functions/f"}
            ''', {})
            assert run.output == {"at": "2024-01-01T00:01:30", "epoch": 1704067290.0}

        def test_unfrozen_after(fake_clock):
            assert datetime.datetime.now().year > 2024
    """)
    pytester.runpytest().assert_outcomes(passed=2)


def test_world_settings_from_the_marker_and_the_seed_option(pytester):
    pytester.makepyfile("""
        import pytest

        @pytest.mark.fakecloud(start="2030-05-01T00:00:00Z", region="cn-shanghai")
        def test_marked(fake_cloud, fake_clock):
            assert fake_clock.iso() == "2030-05-01T00:00:00.000Z" and fake_cloud.region == "cn-shanghai"

        def test_seed(fake_cloud):
            assert fake_cloud.seed == "abc"
    """)
    pytester.runpytest("--fakecloud-seed=abc").assert_outcomes(passed=2)
