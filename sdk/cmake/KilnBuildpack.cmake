# kiln_add_buildpack(<target> SOURCES <files...> DESCRIPTOR <buildpack.toml>
#                    [OUTPUT_DIRECTORY <dir>] [NO_INSTALL])
# Builds a native buildpack: a module (no "lib" prefix) that kiln loads at run
# time, in a folder <dir>/<target>/ beside a copy of its buildpack.toml (whose
# `entry` must be "<target>.so"). It links the SDK only, never the engine, and
# exports only the four C functions of the ABI.
function(kiln_add_buildpack target)
  cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIRECTORY;DESCRIPTOR" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "kiln_add_buildpack(${target}): SOURCES is required")
  endif()
  if(NOT ARG_DESCRIPTOR)
    message(FATAL_ERROR "kiln_add_buildpack(${target}): DESCRIPTOR (the buildpack.toml) is required")
  endif()
  get_filename_component(descriptor "${ARG_DESCRIPTOR}" ABSOLUTE)
  if(NOT ARG_OUTPUT_DIRECTORY)
    set(ARG_OUTPUT_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  set(folder "${ARG_OUTPUT_DIRECTORY}/${target}")
  # The descriptor is copied beside the library whenever it changes, as a generated source of the target.
  add_custom_command(OUTPUT "${folder}/buildpack.toml"
    COMMAND ${CMAKE_COMMAND} -E copy_if_different "${descriptor}" "${folder}/buildpack.toml"
    DEPENDS "${descriptor}" VERBATIM)
  add_library(${target} MODULE ${ARG_SOURCES} "${folder}/buildpack.toml")
  target_link_libraries(${target} PRIVATE Kiln::sdk)
  set_target_properties(${target} PROPERTIES PREFIX "" CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
                                             LIBRARY_OUTPUT_DIRECTORY "${folder}")
  if(NOT CMAKE_CXX_STANDARD)
    set_target_properties(${target} PROPERTIES CXX_STANDARD 20 CXX_STANDARD_REQUIRED ON)
  endif()
  # A buildpack carries the C++ runtime it was built with, hidden inside it: kiln speaks only C to it
  # (abi.h), so it runs in any kiln whatever that kiln was built with, and loading it binds no
  # libstdc++.so symbols (a millisecond of a fresh `kiln detect`).
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc -Wl,--exclude-libs,ALL)
  endif()
  if(NOT ARG_NO_INSTALL)
    set(destination "")
    if(DEFINED KILN_INSTALL_BUILDPACK_DIR)
      set(destination "${KILN_INSTALL_BUILDPACK_DIR}")
    elseif(DEFINED KILN_BUILDPACK_INSTALL_DIR)
      set(destination "${KILN_BUILDPACK_INSTALL_DIR}")
    endif()
    if(destination)
      install(TARGETS ${target} LIBRARY DESTINATION "${destination}/${target}")
      install(FILES "${descriptor}" DESTINATION "${destination}/${target}")
    endif()
  endif()
endfunction()
