; Inno Setup 6 script: installs Viewer's PyInstaller one-folder bundle (dist\viewer\) on Windows.
; Not built on Linux. On Windows, `python packaging\build.py` builds the bundle and runs ISCC
; (its iscc_command() gives the whole command line), in short:
;   ISCC /DAppId=io.github.videonotes.Viewer /DAppName=Viewer /DAppVersion=0.1.0
;        /DBundleDir=dist\viewer /DOutputDir=dist packaging\windows\viewer.iss
; giving dist\viewer-<version>-windows-setup.exe: a per-user or all-users install (it asks), a
; Start Menu shortcut, an optional desktop shortcut, and an uninstaller (Settings > Apps).

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z (packaging\build.py does)
#endif
; The app id of src/viewer/identity.py. It names the app to the uninstaller and to upgrades:
; never change it once released.
#ifndef AppId
  #error Pass the app id: ISCC /DAppId=... (packaging\build.py does)
#endif
#ifndef AppName
  #define AppName "Viewer"
#endif
#ifndef OutputBaseFilename
  #define OutputBaseFilename "viewer-" + AppVersion + "-windows-setup"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\viewer"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Viewer developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename={#OutputBaseFilename}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\viewer.exe
#ifdef IconFile
SetupIconFile={#IconFile}
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\viewer.exe"; WorkingDir: "{app}"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\viewer.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\viewer.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Chromium may create this folder beside QtWebEngine's resources when it runs elevated.
Type: dirifempty; Name: "{app}\_internal\PySide6\resources\locales"
