; Inno Setup 6 script: installs Viewer's PyInstaller one-folder bundle (dist\viewer\) on Windows.
; Not built on Linux. On Windows, `python packaging\build.py` builds the bundle and runs ISCC:
;   ISCC /DAppVersion=0.1.0 /DBundleDir=dist\viewer /DOutputDir=dist packaging\windows\viewer.iss
; giving dist\viewer-<version>-windows-setup.exe: a per-user or all-users install (it asks), a
; Start Menu shortcut, an optional desktop shortcut, and an uninstaller (Settings > Apps).

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z (packaging\build.py does)
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\viewer"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
; AppId identifies the app to the uninstaller and to upgrades: never change it.
AppId={{6F1C2B7E-4A0D-4C55-9B8E-3D2A7C1E5F90}
AppName=Viewer
AppVersion={#AppVersion}
AppVerName=Viewer {#AppVersion}
AppPublisher=Viewer developers
DefaultDirName={autopf}\Viewer
DefaultGroupName=Viewer
DisableProgramGroupPage=yes
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=viewer-{#AppVersion}-windows-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName=Viewer
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
Name: "{group}\Viewer"; Filename: "{app}\viewer.exe"; WorkingDir: "{app}"
Name: "{group}\Uninstall Viewer"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Viewer"; Filename: "{app}\viewer.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\viewer.exe"; Description: "{cm:LaunchProgram,Viewer}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Chromium may create this folder beside QtWebEngine's resources when it runs elevated.
Type: dirifempty; Name: "{app}\_internal\PySide6\resources\locales"
