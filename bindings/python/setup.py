"""setup.py: builds the library with the repository's Makefile (make dist/authtoken.so, two
directories up) and bundles it in the package as sqlite_authtoken/authtoken.so. The wheel is
tagged py3-none-<platform>: it holds a C library for this platform and no Python extension
module, so any Python 3 on the platform can use it. Version: the repository's VERSION file.
"""
import os
import shutil
import subprocess

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

try:
    from wheel.bdist_wheel import bdist_wheel
except ImportError:  # only wheels need the tag
    bdist_wheel = None

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
LIBRARY = "authtoken.so"


def repository_file(name):
    """A file of the repository; a clear error when built outside it (from a copy)."""
    path = os.path.join(REPO, name)
    if not os.path.exists(path):
        raise SystemExit("sqlite-authtoken: build from the authtoken repository "
                         "(pip install ./bindings/python): %s is missing" % path)
    return path


class BuildWithLibrary(build_py):
    """build_py, plus the library: make builds it, then it is copied into the package."""

    def run(self):
        super().run()
        env = {k: v for k, v in os.environ.items() if k not in ("CFLAGS", "LDFLAGS", "MAKEFLAGS")}
        subprocess.check_call(["make", "-s", "-C", os.path.dirname(repository_file("Makefile")),
                               "dist/" + LIBRARY], env=env)
        target = os.path.join(self.build_lib, "sqlite_authtoken", LIBRARY)
        shutil.copyfile(os.path.join(REPO, "dist", LIBRARY), target)
        os.chmod(target, 0o644)


class BinaryDistribution(Distribution):
    """Marks the distribution as platform-specific (it carries a C library)."""

    def has_ext_modules(self):
        return True


commands = {"build_py": BuildWithLibrary}
if bdist_wheel is not None:
    class PlatformWheel(bdist_wheel):
        """Tags the wheel py3-none-<platform>: no Python ABI is involved."""

        def get_tag(self):
            return ("py3", "none", super().get_tag()[2])

    commands["bdist_wheel"] = PlatformWheel

with open(repository_file("VERSION")) as f:
    VERSION = f.read().strip()

setup(version=VERSION, cmdclass=commands, distclass=BinaryDistribution)
