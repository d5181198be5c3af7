# async_tidy_install_link(TARGET LINK COMPONENT): installs LINK, a symbolic
# link to TARGET; both are paths relative to the installation prefix. The
# link itself is relative, so the tree works wherever it is installed or
# staged (DESTDIR, CPack).
function(async_tidy_install_link target link component)
  get_filename_component(link_dir "${link}" DIRECTORY)
  file(RELATIVE_PATH relative "/${link_dir}" "/${target}")
  install(CODE "
    set(link \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${link}\")
    get_filename_component(dir \"\${link}\" DIRECTORY)
    file(MAKE_DIRECTORY \"\${dir}\")
    message(STATUS \"Installing: \${link} -> ${relative}\")
    file(CREATE_LINK \"${relative}\" \"\${link}\" SYMBOLIC)
    list(APPEND CMAKE_INSTALL_MANIFEST_FILES \"\${link}\")
  " COMPONENT ${component})
endfunction()
