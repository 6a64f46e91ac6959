// Boost.JSON and Boost.URL compiled into the fuzz targets (their documented header-only mode:
// src.hpp in exactly one translation unit) instead of linking Debian's GCC-built libraries, so the
// parsers carry the sanitizers and the coverage instrumentation that guides libFuzzer.
#include <boost/json/src.hpp>
#include <boost/url/src.hpp>
