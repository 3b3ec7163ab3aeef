# The Debian package: `cpack -G DEB` in a build configured with
# -DCMAKE_INSTALL_PREFIX=/usr (contrib/package.sh does both and checks the
# result with lintian and a clean-root install).  Besides what `make
# install` puts in place: the systemd units and the logrotate file with the
# installed paths, the man pages, Debian's copyright and changelog, and
# maintainer scripts that make the `auditfeed` system user owning
# /var/lib/auditfeed and /var/log/auditfeed.
set(_pkg ${PROJECT_BINARY_DIR}/pkg)
file(MAKE_DIRECTORY ${_pkg})

# Units and logrotate, with the paths of this install.
foreach(_f systemd/auditfeed.service systemd/auditfeed.timer
           systemd/auditfeed-every.service logrotate/auditfeed)
  file(READ ${PROJECT_SOURCE_DIR}/contrib/${_f} _text)
  string(REPLACE "/usr/local/bin/auditfeed" "${CMAKE_INSTALL_FULL_BINDIR}/auditfeed"
         _text "${_text}")
  string(REPLACE "/usr/local/etc/auditfeed" "${CMAKE_INSTALL_FULL_SYSCONFDIR}/auditfeed"
         _text "${_text}")
  get_filename_component(_name ${_f} NAME)
  file(WRITE ${_pkg}/${_name} "${_text}")
endforeach()
# Debian keeps units in /lib/systemd/system; other prefixes keep them inside.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(_unitdir /lib/systemd/system)
else()
  set(_unitdir lib/systemd/system)
endif()
install(FILES ${_pkg}/auditfeed.service ${_pkg}/auditfeed.timer
              ${_pkg}/auditfeed-every.service
        DESTINATION ${_unitdir})
install(FILES ${_pkg}/auditfeed DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/logrotate.d)

# Man pages and Debian's changelog, compressed as Debian wants them (-n:
# no name or time stamp, so the package is reproducible).
set(_gz)
foreach(_m man/auditfeed.1 man/auditfeed.conf.5)
  get_filename_component(_name ${_m} NAME)
  add_custom_command(OUTPUT ${_pkg}/${_name}.gz
    COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/docs/${_m} > ${_pkg}/${_name}.gz
    DEPENDS ${PROJECT_SOURCE_DIR}/docs/${_m} VERBATIM)
  list(APPEND _gz ${_pkg}/${_name}.gz)
endforeach()
add_custom_command(OUTPUT ${_pkg}/changelog.gz
  COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/contrib/debian/changelog > ${_pkg}/changelog.gz
  DEPENDS ${PROJECT_SOURCE_DIR}/contrib/debian/changelog VERBATIM)
add_custom_target(af_package_docs ALL DEPENDS ${_gz} ${_pkg}/changelog.gz)
install(FILES ${_pkg}/auditfeed.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${_pkg}/auditfeed.conf.5.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES ${PROJECT_SOURCE_DIR}/contrib/debian/copyright ${_pkg}/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME auditfeed)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "auditfeed maintainers <auditfeed@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "NAO findings from reports and news, as finding records")
set(CPACK_PACKAGE_DESCRIPTION "auditfeed collects what the UK National Audit Office found from its report
pages and from news coverage of them, on a schedule, and turns it into
deduplicated finding records in SQLite, JSON Lines or CSV files. Sources
and sinks are plugins; runs are incremental and crash-safe.")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.org/auditfeed")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/contrib/debian/postinst
  ${PROJECT_SOURCE_DIR}/contrib/debian/postrm
  ${PROJECT_SOURCE_DIR}/contrib/debian/conffiles)
include(CPack)
