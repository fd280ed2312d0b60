"""A session that never uses fakecloud's fixtures pays almost nothing for the plugin: loading and configuring it
(with the offline guard) imports none of the engine, the front end, the fakes, the wire layer or the coverage
modules, which load when a test first asks for a fixture."""
import subprocess
import sys

HEAVY = ("fakecloud.engine.engine", "fakecloud.fdl.parser", "fakecloud.cloud", "fakecloud.services.fc.backend",
         "fakecloud.wire.app", "fakecloud.testing.runner", "fakecloud.insight.coverage", "yaml", "jsonpath_ng",
         "werkzeug")


def loaded_after(code: str) -> list[str]:
    probe = code + f"\nimport sys\nprint('LOADED:', *(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return out.stdout.rsplit("LOADED:", 1)[1].split()


def session(folder) -> str:
    return (f"import pytest\nrc = pytest.main(['-q', '-p', 'no:cacheprovider', {str(folder)!r}])\n"
            "assert rc == 0, rc")


def test_loading_and_configuring_the_plugin_imports_none_of_the_world(tmp_path):
    (tmp_path / "test_empty.py").write_text("def test_empty():\n    pass\n")
    assert loaded_after(session(tmp_path)) == []


def test_a_test_that_asks_for_a_fixture_gets_the_world(tmp_path):
    (tmp_path / "test_world.py").write_text("def test_world(fake_cloud):\n    assert fake_cloud.engine\n")
    loaded = loaded_after(session(tmp_path))
    assert "fakecloud.cloud" in loaded and "fakecloud.engine.engine" in loaded


def test_the_package_names_still_resolve():
    from fakecloud import engine, testing
    assert engine.Limits.__module__ == "fakecloud.fdl.limits"
    assert testing.FlowRunner.__module__ == "fakecloud.testing.runner"
    assert set(engine.__all__) <= set(dir(engine)) and set(testing.__all__) <= set(dir(testing))
