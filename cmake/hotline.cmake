# Precompiled headers (HOTLINE_PCH, on by default). Nearly every source includes nlohmann/json
# (about 4 s of parsing per file on its own) and the same standard headers, and every test
# GoogleTest and GoogleMock (another 3.5 s): each is parsed once, into one header for the libraries
# and one for the tests, which every target reuses. A header of the project is never precompiled,
# so editing one rebuilds only what includes it.
option(HOTLINE_PCH "Precompile the standard library, nlohmann/json and GoogleTest headers" ON)
set(HOTLINE_PCH_HEADERS
  <algorithm> <chrono> <cstdint> <functional> <map> <memory> <optional> <set> <string> <string_view>
  <unordered_map> <utility> <variant> <vector> <nlohmann/json.hpp>)
if(HOTLINE_PCH)
  # GCC 12 does not keep in a precompiled header where libstdc++ silenced its own string-copy
  # warnings, so every std::string concatenation then warns out of bounds or overreading (seen
  # only with the header precompiled; textually included it is silent): those four warnings are
  # left out with GCC 12. The sanitizer build checks real bounds at run time.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    add_compile_options(-Wno-array-bounds -Wno-stringop-overread -Wno-stringop-overflow -Wno-restrict)
  endif()
  file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/pch_anchor.cpp  # written only when it changes
       CONTENT "// The translation unit the shared precompiled headers are built for.\n")
  add_library(hotline_pch_lib OBJECT ${CMAKE_BINARY_DIR}/pch_anchor.cpp)
  target_link_libraries(hotline_pch_lib PRIVATE nlohmann_json::nlohmann_json spdlog::spdlog)
  target_compile_definitions(hotline_pch_lib PRIVATE HOTLINE_VERSION="${PROJECT_VERSION}")
  target_precompile_headers(hotline_pch_lib PRIVATE ${HOTLINE_PCH_HEADERS})
  add_library(hotline_pch_test OBJECT ${CMAKE_BINARY_DIR}/pch_anchor.cpp)
  target_link_libraries(hotline_pch_test PRIVATE nlohmann_json::nlohmann_json spdlog::spdlog GTest::gtest GTest::gmock)
  target_compile_definitions(hotline_pch_test PRIVATE HOTLINE_VERSION="${PROJECT_VERSION}")
  target_precompile_headers(hotline_pch_test PRIVATE ${HOTLINE_PCH_HEADERS} <gtest/gtest.h> <gmock/gmock.h>)
  # ccache caches compiles that use a precompiled header only when it sees through it.
  if(CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache")
    add_compile_options(-fpch-preprocess)
  endif()
endif()

# Unity builds (HOTLINE_UNITY, on by default): each target's sources are compiled HOTLINE_UNITY_BATCH
# at a time as one translation unit, so the heavy headers the precompiled ones leave out (Boost.Beast
# and Asio, spdlog, SQLite, sofia-sip) are parsed once per batch instead of once per file. A file's
# own helpers therefore share a namespace with its batch's: give them names that say whose they are,
# and put a helper two files need in a header of the module.
option(HOTLINE_UNITY "Compile each target's sources in batches, as unity translation units" ON)
set(HOTLINE_UNITY_BATCH 8 CACHE STRING "Source files per unity translation unit")
if(HOTLINE_UNITY)
  set(CMAKE_UNITY_BUILD ON)
  set(CMAKE_UNITY_BUILD_BATCH_SIZE ${HOTLINE_UNITY_BATCH})
endif()

# hotline_precompiled(TARGET lib|test): TARGET reuses the shared precompiled headers.
function(hotline_precompiled target kind)
  if(HOTLINE_PCH)
    target_precompile_headers(${target} REUSE_FROM hotline_pch_${kind})
  endif()
endfunction()

# hotline_module(NAME SOURCES ... DEPS ...): the library target hotline_NAME for src/NAME.
# Only the modules listed in DEPS are linked, so an include across the layering fails to build.
function(hotline_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
  add_library(hotline_${name} STATIC ${M_SOURCES})
  target_include_directories(hotline_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(hotline_${name} PUBLIC ${M_DEPS})
  hotline_precompiled(hotline_${name} lib)
  target_compile_definitions(hotline_${name} PUBLIC HOTLINE_VERSION="${PROJECT_VERSION}")
endfunction()

# hotline_test(NAME SOURCES ... DEPS ...): a GoogleTest executable registered with ctest.
function(hotline_test name)
  cmake_parse_arguments(T "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} GTest::gtest_main GTest::gmock)
  hotline_precompiled(${name} test)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 30 PROPERTIES LABELS unit)
endfunction()
