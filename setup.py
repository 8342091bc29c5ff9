"""Build of the one compiled module: the eForms walk over lxml's tree (see docs/monitoring.md).

Everything else is configured in pyproject.toml. The module is compiled against the headers
lxml ships with itself (``lxml.get_include()``), so it must run with the same lxml release
it was built with; both are pinned to the same version in pyproject.toml.
"""

import lxml
from Cython.Build import cythonize
from setuptools import Extension, setup

extensions = [
    Extension(
        "cirkular.core.notices.eforms",
        ["src/cirkular/core/notices/eforms.pyx"],
        include_dirs=lxml.get_include(),
    )
]

setup(
    ext_modules=cythonize(
        extensions,
        include_path=lxml.get_include(),
        language_level=3,
        compiler_directives={"boundscheck": False, "wraparound": False, "embedsignature": True},
    )
)
