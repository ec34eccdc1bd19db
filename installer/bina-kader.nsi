; Bina Kader — Windows installer (NSIS 3, Modern UI 2).
;
; Per-user install, no administrator rights: the program goes to %LOCALAPPDATA%\Programs\Bina Kader, shortcuts
; to the user's Start menu and desktop, the uninstaller is registered under HKCU. The user's data
; (platformdirs user_data_dir("BinaKader", appauthor=False) = %LOCALAPPDATA%\BinaKader: database, backups) is
; never touched by the installer nor by the uninstaller.
;
;   makensis /DVERSION=0.1.0 /DBUNDLE=%CD%\dist\bina-kader /DOUTFILE=%CD%\dist\bina-kader-0.1.0-setup.exe installer\bina-kader.nsi
;
; makensis works in the folder of this script (installer\): give BUNDLE and OUTFILE as absolute paths (%CD%\... in
; cmd.exe) or relative to installer\.
; VERSION  version shown to the user (desktop.__version__)
; BUNDLE   the PyInstaller one-folder bundle (the folder holding bina-kader.exe and _internal\)
; OUTFILE  the setup program to write
; Optional: VIVERSION  numeric a.b.c.d for the file properties (default: VERSION.0, e.g. 0.1.0.0)
;           FASTCOMPRESS  use zlib instead of solid LZMA (quicker to build, larger installer)
;
; On Linux CI, scripts/build-bundle compiles this script around the Linux bundle: that proves the script is valid;
; the Linux bundle has no bina-kader.exe, so that setup program is not meant to be run.

Unicode true
ManifestDPIAware true

!ifndef VERSION
  !error "Berikan versi: makensis /DVERSION=x.y.z ..."
!endif
!ifndef BUNDLE
  !error "Berikan folder bundel PyInstaller: makensis /DBUNDLE=%CD%\dist\bina-kader ..."
!endif
!ifndef OUTFILE
  !define OUTFILE "bina-kader-${VERSION}-setup.exe"
!endif
!ifndef VIVERSION
  !define VIVERSION "${VERSION}.0"
!endif

!define APP_NAME "Bina Kader"
!define APP_EXE "bina-kader.exe"
!define UNINSTALLER "Uninstall Bina Kader.exe"
!define PUBLISHER "Bina Kader"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\BinaKader"
!define SETTINGS_KEY "Software\BinaKader"
!define DATA_DIR "$LOCALAPPDATA\BinaKader"

!ifdef FASTCOMPRESS
  SetCompressor zlib
!else
  SetCompressor /SOLID lzma
  SetCompressorDictSize 32
!endif

Name "${APP_NAME}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${SETTINGS_KEY}" "InstallDir"
BrandingText "${APP_NAME} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VIVERSION}"
VIFileVersion "${VIVERSION}"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "Pemasang ${APP_NAME} ${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "Lisensi MIT"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"

; ---- Modern UI ----
!define MUI_ICON "bina-kader.ico"
!define MUI_UNICON "bina-kader.ico"
!define MUI_ABORTWARNING
!define MUI_ABORTWARNING_TEXT "Batalkan pemasangan ${APP_NAME}?"

!define MUI_WELCOMEPAGE_TITLE "Selamat datang di pemasangan ${APP_NAME} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "Program ini akan memasang ${APP_NAME}, aplikasi supervisi suportif kader Posyandu, \
untuk akun Windows Anda saja. Hak administrator tidak diperlukan.$\r$\n$\r$\n\
Bila versi lama sudah terpasang, versi ini akan menggantikannya. Data Anda (basis data dan cadangannya) \
di folder ${DATA_DIR} tidak diubah.$\r$\n$\r$\n\
Tutup ${APP_NAME} bila sedang dibuka, lalu klik Lanjut."
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "${APP_NAME} sudah terpasang"
!define MUI_FINISHPAGE_TEXT "${APP_NAME} dapat dibuka dari menu Start atau dari pintasan di desktop.$\r$\n$\r$\n\
Data Anda disimpan di folder ${DATA_DIR}."
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Buka ${APP_NAME} sekarang"
!insertmacro MUI_PAGE_FINISH

!define MUI_WELCOMEPAGE_TITLE "Menghapus ${APP_NAME}"
!define MUI_WELCOMEPAGE_TEXT "Program ${APP_NAME} akan dihapus dari komputer ini.$\r$\n$\r$\n\
Data Anda TIDAK dihapus: basis data, cadangan, dan berkas lain di folder ${DATA_DIR} tetap tersimpan \
dan akan dipakai lagi bila ${APP_NAME} dipasang kembali. Hapus folder itu sendiri hanya bila datanya benar-benar \
tidak diperlukan lagi (sebaiknya simpan dahulu salinan cadangannya).$\r$\n$\r$\n\
Tutup ${APP_NAME} bila sedang dibuka, lalu klik Lanjut."
!insertmacro MUI_UNPAGE_WELCOME
!define MUI_UNCONFIRMPAGE_TEXT_TOP "Program ${APP_NAME} akan dihapus dari folder berikut. \
Data Anda di ${DATA_DIR} tidak dihapus."
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "${APP_NAME} sudah dihapus"
!define MUI_FINISHPAGE_TEXT "Program ${APP_NAME} sudah dihapus dari komputer ini.$\r$\n$\r$\n\
Data Anda tetap tersimpan di folder ${DATA_DIR}."
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "Indonesian"

; ---- Install ----
Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} memerlukan Windows 64-bit (Windows 10 atau yang lebih baru)."
    Abort
  ${EndIf}
FunctionEnd

Section "${APP_NAME}" SecMain
  SectionIn RO
  SetShellVarContext current
  ; An upgrade replaces the whole program folder; the data folder is elsewhere and stays as it is.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*"  ; makensis on Linux turns \ into /
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 \
    SW_SHOWNORMAL "" "Supervisi suportif kader Posyandu"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 \
    SW_SHOWNORMAL "" "Supervisi suportif kader Posyandu"

  WriteRegStr HKCU "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2  ; $0 = size in KB, as Apps & features expects
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
  DetailPrint "Data Anda disimpan di ${DATA_DIR} (tidak diubah oleh pemasangan)."
SectionEnd

; ---- Uninstall: program files, shortcuts and registry entries only; the data folder stays ----
Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  ; Only what the installer put there: a folder the user chose may hold other files.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${SETTINGS_KEY}"
  DetailPrint "Data Anda tetap tersimpan di ${DATA_DIR}."
SectionEnd
