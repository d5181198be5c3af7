# A Debian package per LLVM major: `cpack -G DEB` in the build directory
# writes async-tidy-llvm22_<version>_<arch>.deb (or -llvm19). Packages of
# different majors install side by side: every file they ship is versioned
# (/usr/bin/async-tidy-22, /usr/lib/async-tidy/llvm-22/,
# /usr/share/doc/async-tidy-llvm22/), and the unversioned /usr/bin/async-tidy,
# async-clangd and async-tidy-sarif are update-alternatives links to the
# highest major installed.

set(major ${LLVM_VERSION_MAJOR})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME "async-tidy-llvm${major}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "clang-tidy checks for C++20 coroutines, futures and threads (LLVM ${major})")
set(CPACK_PACKAGE_DESCRIPTION
    "async-tidy finds coroutines that block the thread they run on, lazy tasks\n\
that are never awaited, and other misuse of tasks, futures and threads.\n\
This package holds async-tidy-${major} (clang-tidy with the async-* checks),\n\
async-clangd-${major} (clangd with them, for editors), the plugin for\n\
clang-tidy-${major} --load, and the SARIF converter async-tidy-sarif.")
set(CPACK_PACKAGE_CONTACT "async-tidy maintainers")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# The shared libraries (libclang-cpp<major>, libllvm<major>, and gRPC's
# for async-clangd) come from dpkg-shlibdeps; Clang's builtin headers
# (<stddef.h>, ...) that every parse needs are not a library.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libclang-common-${major}-dev")
# The plugin is only of use in the clang-tidy it was built for.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "clang-tidy-${major}")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "pre-commit")
# The unversioned links of `cmake --install` (component "unversioned") would
# collide between majors; the maintainer scripts manage them instead.
set(CPACK_INSTALL_CMAKE_PROJECTS "${PROJECT_BINARY_DIR};async-tidy;Unspecified;/")
set(ASYNC_TIDY_PACKAGE_PRIVATE_DIR
    "${CPACK_PACKAGING_INSTALL_PREFIX}/${ASYNC_TIDY_INSTALL_PRIVATE_DIR}")
foreach(script postinst prerm)
  configure_file("${CMAKE_CURRENT_LIST_DIR}/deb/${script}.in"
                 "${PROJECT_BINARY_DIR}/deb/${script}" @ONLY
                 FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
                                  GROUP_READ GROUP_EXECUTE
                                  WORLD_READ WORLD_EXECUTE)
endforeach()
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${PROJECT_BINARY_DIR}/deb/postinst;${PROJECT_BINARY_DIR}/deb/prerm")
include(CPack)
