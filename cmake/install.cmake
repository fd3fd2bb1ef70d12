# Installation: the engine and the models as static libraries, their public
# headers under include/wfsim, the wfsim program, the Python results module,
# and a CMake package so that find_package(wfsim) finds it all
# (examples/external-model builds a model against it).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(WFSIM_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/wfsim)
set(WFSIM_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/wfsim)
set(WFSIM_INSTALL_PYTHONDIR ${CMAKE_INSTALL_DATADIR}/wfsim/python)

set(_wfsim_exported_libraries
  wfsim_build_options wfsim_rng wfsim_core wfsim_params wfsim_results wfsim_model
  wfsim_analysis wfsim_experiment wfsim_io wfsim_distributed wfsim_cli wfsim_engine
  wfsim_phold wfsim_mmc wfsim_testfunctions wfsim_workforce wfsim_models wfsim_main)

# In the build tree every target names the source tree as its include
# directory (headers are included as "engine/..." and "models/..."); once
# installed, the same paths are under include/wfsim. The targets' own
# CMakeLists stay as they are; their interface is rewritten here.
foreach(target IN LISTS _wfsim_exported_libraries)
  string(REGEX REPLACE "^wfsim_" "" export_name ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
  get_target_property(directories ${target} INTERFACE_INCLUDE_DIRECTORIES)
  if(NOT directories)
    continue()
  endif()
  set(rewritten "")
  set(in_source_tree OFF)
  foreach(directory IN LISTS directories)
    if(directory STREQUAL PROJECT_SOURCE_DIR)
      list(APPEND rewritten "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>")
      set(in_source_tree ON)
    else()
      list(APPEND rewritten "${directory}")
    endif()
  endforeach()
  if(in_source_tree)
    list(APPEND rewritten "$<INSTALL_INTERFACE:${WFSIM_INSTALL_INCLUDEDIR}>")
  endif()
  set_target_properties(${target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${rewritten}")
endforeach()
set_target_properties(wfsim PROPERTIES EXPORT_NAME wfsim)

install(TARGETS ${_wfsim_exported_libraries} wfsim
  EXPORT wfsimTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Public headers. The kernel is a template, so its detail headers go too;
# the HDF5 layer and the sweep file internals are compiled into the
# libraries and stay out, as do the command line's internals.
install(DIRECTORY engine/ DESTINATION ${WFSIM_INSTALL_INCLUDEDIR}/engine
  FILES_MATCHING PATTERN "*.hpp"
  REGEX "/(io|experiment)/detail$" EXCLUDE
  REGEX "/cli/(commands|console_summary|progress)\\.hpp$" EXCLUDE)
install(DIRECTORY models/ DESTINATION ${WFSIM_INSTALL_INCLUDEDIR}/models
  FILES_MATCHING PATTERN "*.hpp")
install(DIRECTORY scripts/python/wfsim_results DESTINATION ${WFSIM_INSTALL_PYTHONDIR}
  PATTERN "__pycache__" EXCLUDE)

install(EXPORT wfsimTargets NAMESPACE wfsim:: DESTINATION ${WFSIM_INSTALL_CMAKEDIR})
configure_package_config_file(cmake/wfsimConfig.cmake.in
  ${PROJECT_BINARY_DIR}/wfsimConfig.cmake
  INSTALL_DESTINATION ${WFSIM_INSTALL_CMAKEDIR}
  PATH_VARS WFSIM_INSTALL_PYTHONDIR)
# 0.x: a minor version may change the interface.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/wfsimConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/wfsimConfig.cmake ${PROJECT_BINARY_DIR}/wfsimConfigVersion.cmake
  DESTINATION ${WFSIM_INSTALL_CMAKEDIR})
