<#
.SYNOPSIS
  Makes the yimen Electron kiosk the Windows shell of a kiosk account (Shell Launcher v1) and
  blocks the escape keys with Keyboard Filter. Windows Enterprise / Education / IoT Enterprise.

.DESCRIPTION
  Run as Administrator after installing yimen (NSIS) and creating the kiosk account, e.g.
    .\setup-shell-launcher.ps1 -KioskUser kiosk
  The optional features must be on first (a reboot follows):
    Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher -All
    Enable-WindowsOptionalFeature -Online -FeatureName Client-KeyboardFilter -All
  Idempotent: re-running replaces the kiosk account's shell and re-applies the key list.
  See docs/windows-hall.md.
#>
param(
  [Parameter(Mandatory = $true)][string]$KioskUser,
  [string]$Shell = "$env:ProgramFiles\Yimen\yimen-kiosk.exe",
  [switch]$SkipKeyboardFilter
)
$ErrorActionPreference = 'Stop'
$ns = 'root\standardcimv2\embedded'

# Shell Launcher actions when the shell exits: 0 restart shell, 1 restart device, 2 shut down, 3 nothing.
$RestartShell = 0
$DoNothing = 3
# yimen exit codes: 78 = bad configuration (restarting cannot help; IT must fix it, and a
# restart loop would hide the message). Anything else restarts the kiosk.
$ExitCodes = @(78)
$ExitActions = @($DoNothing)

if (-not (Test-Path $Shell)) { throw "yimen is not installed at $Shell (use -Shell)" }
$sid = (New-Object System.Security.Principal.NTAccount($KioskUser)).Translate([System.Security.Principal.SecurityIdentifier]).Value

$wesl = [wmiclass]"\\.\$($ns):WESL_UserSetting"
# Administrators keep Explorer so that IT can log in and repair the machine.
$adminsSid = 'S-1-5-32-544'
$wesl.SetDefaultShell('explorer.exe', $RestartShell) | Out-Null
try { $wesl.RemoveCustomShell($sid) | Out-Null } catch { }
$wesl.SetCustomShell($sid, "`"$Shell`"", $ExitCodes, $ExitActions, $RestartShell) | Out-Null
try { $wesl.RemoveCustomShell($adminsSid) | Out-Null } catch { }
$wesl.SetCustomShell($adminsSid, 'explorer.exe', $null, $null, $RestartShell) | Out-Null
$wesl.SetEnabled($true) | Out-Null
Write-Host "Shell Launcher: $KioskUser ($sid) now runs $Shell"

if (-not $SkipKeyboardFilter) {
  $keys = @('Ctrl+Alt+Del', 'Ctrl+Shift+Esc', 'Ctrl+Esc', 'Alt+F4', 'Alt+Tab', 'Alt+Esc', 'Alt+Space',
            'Windows', 'Win+L', 'Win+D', 'Win+E', 'Win+R', 'Win+Tab', 'Win+U')
  foreach ($id in $keys) {
    $k = Get-CimInstance -Namespace $ns -ClassName WEKF_PredefinedKey -Filter "Id='$id'" -ErrorAction SilentlyContinue
    if ($null -eq $k) { Write-Warning "Keyboard Filter has no predefined key '$id' on this edition"; continue }
    Set-CimInstance -InputObject $k -Property @{ Enabled = $true } | Out-Null
  }
  # Administrators are not filtered, so IT can still use Ctrl+Alt+Del on the service account.
  $s = Get-CimInstance -Namespace $ns -ClassName WEKF_Settings -Filter "Name='DisableKeyboardFilterForAdministrators'"
  if ($null -ne $s) { Set-CimInstance -InputObject $s -Property @{ Value = 'true' } | Out-Null }
  Write-Host "Keyboard Filter: $($keys.Count) key combinations blocked for non-administrators"
}
Write-Host 'Sign out and sign in as the kiosk account (or reboot) to start the kiosk shell.'
