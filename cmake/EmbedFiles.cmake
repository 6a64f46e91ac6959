# Embeds files (seed data, images, templates) into the binary, so one executable carries every
# target's assets and nothing is read from the source tree at run time.
#
# embed_files(TARGET <target> NAMESPACE <ns> BASE_DIR <dir> FILES <f1> <f2> ...)
# generates a .cpp defining `std::span<const EmbeddedFile> <ns>::embedded_files()`.
function(embed_files)
  cmake_parse_arguments(EF "" "TARGET;NAMESPACE;BASE_DIR" "FILES" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${EF_TARGET}_embedded.cpp")
  # A list cannot cross the command line intact (";" splits it), so it travels joined by ",".
  string(REPLACE ";" "," joined "${EF_FILES}")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${EF_NAMESPACE} -DBASE_DIR=${EF_BASE_DIR}
            "-DFILES=${joined}" -P "${PROJECT_SOURCE_DIR}/cmake/GenerateEmbedded.cmake"
    DEPENDS ${EF_FILES} "${PROJECT_SOURCE_DIR}/cmake/GenerateEmbedded.cmake"
    COMMENT "Embedding ${EF_TARGET} assets" VERBATIM)
  target_sources(${EF_TARGET} PRIVATE "${out}")
endfunction()
