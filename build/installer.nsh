; Included by electron-builder's NSIS installer (nsis.include in electron-builder.yml).
; NSIS does not act on the `protocols` setting, so the s3vault:// scheme is
; registered here, in the per-user hive (SHCTX is HKCU for a per-user install).

!macro customInstall
  WriteRegStr SHCTX "Software\Classes\s3vault" "" "URL:S3 Vault link"
  WriteRegStr SHCTX "Software\Classes\s3vault" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\s3vault\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\s3vault\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  ; An update runs the old uninstaller first: keep the registration then.
  ${ifNot} ${isUpdated}
    DeleteRegKey SHCTX "Software\Classes\s3vault"
  ${endIf}
!macroend
