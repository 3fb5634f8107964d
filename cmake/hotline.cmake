# hotline_module(NAME SOURCES ... DEPS ...): the library target hotline_NAME for src/NAME.
# Only the modules listed in DEPS are linked, so an include across the layering fails to build.
function(hotline_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
  add_library(hotline_${name} STATIC ${M_SOURCES})
  target_include_directories(hotline_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(hotline_${name} PUBLIC ${M_DEPS})
  target_compile_definitions(hotline_${name} PUBLIC
    HOTLINE_VERSION="${PROJECT_VERSION}"
    HOTLINE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
endfunction()

# hotline_test(NAME SOURCES ... DEPS ...): a GoogleTest executable registered with ctest.
function(hotline_test name)
  cmake_parse_arguments(T "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} GTest::gtest_main GTest::gmock)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 30 PROPERTIES LABELS unit)
endfunction()
