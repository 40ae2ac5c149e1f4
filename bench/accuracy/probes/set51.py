# Usage: python3 set51.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set51 (stop 31): the Windows and Microsoft ecosystem
from common import A, HEX, B62, start, r, hx, ck, add, write
start()
import base64, json, random, string, uuid  # noqa: E402  (stdlib only; all draws use the seeded random)

# ---------------------------------------------------------------------------------------------
# Helpers: every value is drawn at run time from the seeded `random`; nothing here is a literal
# credential. `clean` redraws a value that happens to contain a placeholder-looking word.
# ---------------------------------------------------------------------------------------------
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password', 'passwd',
       'placeholder', 'redact', 'secret', 'your', 'token', 'demo', 'mock', 'todo', 'insert')
LOWER = string.ascii_lowercase
B32L = LOWER + '234567'


def clean(fn):
    while True:
        v = fn()
        if not any(b in v.lower() for b in BAD):
            return v


def rb(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(n):
    return clean(lambda: base64.b64encode(rb(n)).decode())


def guid():
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def GUID():
    return '{' + guid().upper() + '}'


def crlf(s):
    return s.replace('\n', '\r\n')


def pct(s):
    return s.replace('%', '%25').replace('+', '%2B').replace('/', '%2F').replace('=', '%3D')


WORDS = ['Harbor', 'Falcon', 'Granite', 'Maple', 'Copper', 'Summit', 'Orchid', 'Thunder', 'Cobalt',
         'Willow', 'Saturn', 'Juniper', 'Raven', 'Meadow', 'Lantern', 'Glacier', 'Pepper', 'Tundra',
         'Marble', 'Cinder', 'Bramble', 'Osprey', 'Quartz', 'Sequoia', 'Velvet', 'Harvest', 'Comet']


def human_pw(sym='!#@*'):
    """Passwords people pick for service accounts: Word + symbol + digits (+ Word)."""
    def one():
        w1, w2 = random.sample(WORDS, 2)
        s = random.choice(sym)
        n = str(random.randint(10, 9999))
        form = random.randint(0, 3)
        if form == 0:
            return w1 + s + n + w2
        if form == 1:
            return w1 + n + s
        if form == 2:
            return w1.lower() + s + w2 + n
        return w1[0] + r(3, LOWER) + w2 + n + s
    return clean(one)


def strong_pw(n=18, sym='!#*-_+.'):
    def one():
        v = r(n, A + sym)
        ok = any(c.isdigit() for c in v) and any(c.isupper() for c in v) and any(c in sym for c in v)
        return v if ok else 'test'
    return clean(one)


def ado_pat():          # classic Azure DevOps PAT: 52 chars, lowercase base32
    return clean(lambda: r(52, B32L))


def ado_pat84():        # 2024+ Azure DevOps PAT: 84 chars, 'AZDO' signature at 76..80
    return clean(lambda: r(52, A) + 'JQQJ99' + r(18, A) + 'AZDO' + r(4, A))


def entra_secret():     # Entra ID app client secret: 3 chars, digit, 'Q~', 34 chars
    return clean(lambda: r(3, A) + random.choice('78') + 'Q~' + r(34, A + '_.~-'))


def storage_key():
    return b64(64)


def nuget_key():
    return clean(lambda: 'oy2' + r(43, LOWER + string.digits))


def cpassword():        # GPP cpassword: AES-256 (published key) ciphertext, base64 without '=' padding
    return b64(random.choice([32, 32, 48])).rstrip('=')


def webdeploy_pwd():
    return clean(lambda: r(60, A))


ORGS = ['hollisfield', 'mervale', 'brackenridge', 'quintara', 'oakhurst', 'tavistock', 'pellworth',
        'kestrelbay', 'ardenmoor', 'stonebridge', 'veltrix', 'carrowmore', 'lindqvist', 'harwell']
FIRST = ['jsmith', 'mkowalski', 'aokafor', 'tnguyen', 'lgarcia', 'rpatel', 'hlindberg', 'cdubois',
         'sbecker', 'dmurphy', 'kyamamoto', 'ebrennan']
REGIONS = ['westeurope', 'northeurope', 'eastus2', 'uksouth', 'westus2', 'germanywestcentral']


def org():
    o = random.choice(ORGS)
    return o, o[:8].upper(), f'corp.{o}.com'


def dc_of(fqdn):
    return ','.join('DC=' + p for p in fqdn.split('.'))


def when():
    return '%04d-%02d-%02d %02d:%02d:%02d' % (random.randint(2012, 2016), random.randint(1, 12), random.randint(1, 28),
                                              random.randint(0, 23), random.randint(0, 59), random.randint(0, 59))


def sid():
    return 'S-1-5-21-%d-%d-%d-%d' % (random.randint(10**9, 4 * 10**9), random.randint(10**9, 4 * 10**9),
                                     random.randint(10**9, 4 * 10**9), random.randint(1100, 9999))


# =============================================================================================
# Positive cases
# =============================================================================================

# c01 -- GPP Groups.xml in SYSVOL renaming the built-in admin and setting its password (cpassword)
o, nb, fq = org()
pol = GUID()
add(f'c01/SYSVOL/{fq}/Policies/{pol}/GPT.INI', crlf(f'[General]\nVersion={random.randint(3, 90)}\ndisplayName=New Group Policy Object\n'))
add(f'c01/SYSVOL/{fq}/Policies/{pol}/Machine/Preferences/Groups/Groups.xml', f'''<?xml version="1.0" encoding="utf-8"?>
<Groups clsid="{{3125E937-EB16-4b4c-9934-544FC6D24D26}}"><User clsid="{{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}}" name="Administrator (built-in)" image="2" changed="{when()}" uid="{GUID()}"><Properties action="U" newName="{random.choice(['lcladmin', 'wsadmin', 'itlocal'])}" fullName="" description="Workstation local admin - managed by GPO" cpassword="{cpassword()}" changeLogon="0" noChange="1" neverExpires="1" acctDisabled="0" subAuthority="RID_ADMIN" userName="Administrator (built-in)"/></User><Group clsid="{{6D4A79E4-529C-4481-ABD0-F5BD7EA93BA7}}" name="Administrators (built-in)" image="2" changed="{when()}" uid="{GUID()}"><Properties action="U" newName="" description="" deleteAllUsers="0" deleteAllGroups="0" removeAccounts="0" groupSid="S-1-5-32-544" groupName="Administrators (built-in)"><Members><Member name="{nb}\\Workstation Admins" action="ADD" sid="{sid()}"/><Member name="{nb}\\Helpdesk Tier1" action="ADD" sid="{sid()}"/></Members></Properties></Group>
</Groups>
''')

# c02 -- GPP ScheduledTasks.xml running a task as a domain service account
o, nb, fq = org()
pol = GUID()
svc = random.choice(['svc_inventory', 'svc_wsus', 'svc_patch'])
add(f'c02/{fq}/Policies/{pol}/Machine/Preferences/ScheduledTasks/ScheduledTasks.xml', f'''<?xml version="1.0" encoding="utf-8"?>
<ScheduledTasks clsid="{{CC63F200-7309-4ba0-B154-A71CD118DBCC}}"><TaskV2 clsid="{{D8896631-B747-47a7-84A6-C155337F3BC8}}" name="Nightly Inventory Upload" image="2" changed="{when()}" uid="{GUID()}" userContext="0" removePolicy="0"><Properties action="U" name="Nightly Inventory Upload" runAs="{nb}\\{svc}" cpassword="{cpassword()}" logonType="Password"><Task version="1.2"><RegistrationInfo><Author>{nb}\\{random.choice(FIRST)}</Author><Description>Collects hardware/software inventory and uploads it to the CMDB share.</Description></RegistrationInfo><Principals><Principal id="Author"><UserId>{nb}\\{svc}</UserId><LogonType>Password</LogonType><RunLevel>HighestAvailable</RunLevel></Principal></Principals><Settings><IdleSettings><Duration>PT10M</Duration><WaitTimeout>PT1H</WaitTimeout><StopOnIdleEnd>true</StopOnIdleEnd><RestartOnIdle>false</RestartOnIdle></IdleSettings><MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy><DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries><StopIfGoingOnBatteries>false</StopIfGoingOnBatteries><AllowHardTerminate>true</AllowHardTerminate><StartWhenAvailable>true</StartWhenAvailable><AllowStartOnDemand>true</AllowStartOnDemand><Enabled>true</Enabled><Hidden>false</Hidden><ExecutionTimeLimit>PT2H</ExecutionTimeLimit><Priority>7</Priority></Settings><Triggers><CalendarTrigger><StartBoundary>2015-01-01T02:{random.randint(10, 59)}:00</StartBoundary><Enabled>true</Enabled><ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay><RandomDelay>PT30M</RandomDelay></CalendarTrigger></Triggers><Actions Context="Author"><Exec><Command>powershell.exe</Command><Arguments>-NoProfile -ExecutionPolicy Bypass -File \\\\{fq}\\NETLOGON\\Inventory\\Collect-Inventory.ps1 -Destination \\\\fs01\\cmdb$\\incoming</Arguments></Exec></Actions></Task></Properties></TaskV2>
</ScheduledTasks>
''')

# c03 -- GPP Services.xml and Drives.xml, both carrying cpassword
o, nb, fq = org()
pol = GUID()
base = f'c03/sysvol/{fq}/Policies/{pol}/Machine/Preferences'
add(f'{base}/Services/Services.xml', f'''<?xml version="1.0" encoding="utf-8"?>
<NTServices clsid="{{2CFB484A-4E96-4b5d-A0B6-093D2F91E6AE}}"><NTService clsid="{{AB6F0B67-341F-4e51-92F9-005FBFBA1A43}}" name="BackupAgent" image="4" changed="{when()}" uid="{GUID()}" userContext="0" removePolicy="0"><Properties startupType="AUTOMATIC" serviceName="BackupAgent" serviceAction="RESTART" timeout="30" accountName="{nb}\\svc_backup" cpassword="{cpassword()}" interact="0" firstFailure="RESTART" secondFailure="RESTART" thirdFailure="NOACTION" resetFailCountDelay="1"/></NTService>
</NTServices>
''')
add(f'{base.replace("Machine", "User")}/Drives/Drives.xml', f'''<?xml version="1.0" encoding="utf-8"?>
<Drives clsid="{{8FDDCC1A-0C3C-43cd-A6B4-71A6DF20DA8C}}"><Drive clsid="{{935D1B74-9CB8-4e3c-9914-7DD559B7A417}}" name="R:" status="R:" image="2" changed="{when()}" uid="{GUID()}" bypassErrors="1"><Properties action="U" thisDrive="NOCHANGE" allDrives="NOCHANGE" userName="{nb}\\svc_reports" cpassword="{cpassword()}" path="\\\\fs02\\Reports$" label="Reports" persistent="1" useLetter="1" letter="R"/></Drive><Drive clsid="{{935D1B74-9CB8-4e3c-9914-7DD559B7A417}}" name="H:" status="H:" image="2" changed="{when()}" uid="{GUID()}" bypassErrors="1"><Properties action="U" thisDrive="NOCHANGE" allDrives="NOCHANGE" userName="" cpassword="" path="\\\\fs01\\home$\\%LogonUser%" label="Home" persistent="1" useLetter="1" letter="H"/></Drive>
</Drives>
''')

# c04 -- Exchange on-prem automation with a plain-text SecureString and PSCredential
o, nb, fq = org()
pw = human_pw()
add('c04/scripts/exchange/New-SharedMailboxes.ps1', f'''<#
.SYNOPSIS
    Creates shared mailboxes requested through the service desk export.
.NOTES
    Runs as a scheduled task on MGMT01 every 30 minutes.
    Owner: {random.choice(FIRST)}@{o}.com
#>
param(
    [string]$CsvPath = "\\\\fs01\\it$\\exchange\\shared-mailbox-requests.csv",
    [switch]$WhatIf
)

$ErrorActionPreference = 'Stop'
$ExchangeServer = "exch0{random.randint(1, 4)}.{fq}"
$LogFile = "D:\\Logs\\SharedMailbox_$(Get-Date -Format yyyyMMdd).log"

$User = "{nb}\\svc_exchadmin"
$Pass = ConvertTo-SecureString "{pw}" -AsPlainText -Force
$Cred = New-Object System.Management.Automation.PSCredential ($User, $Pass)

$Session = New-PSSession -ConfigurationName Microsoft.Exchange `
    -ConnectionUri "http://$ExchangeServer/PowerShell/" `
    -Authentication Kerberos -Credential $Cred
Import-PSSession $Session -DisableNameChecking -AllowClobber | Out-Null

function Write-Log([string]$Message) {{
    "$(Get-Date -Format s)  $Message" | Out-File -FilePath $LogFile -Append
}}

$requests = Import-Csv -Path $CsvPath | Where-Object {{ $_.Status -eq 'Approved' }}
foreach ($req in $requests) {{
    if (Get-Mailbox -Identity $req.Alias -ErrorAction SilentlyContinue) {{
        Write-Log "Skip $($req.Alias): already exists"
        continue
    }}
    New-Mailbox -Shared -Name $req.DisplayName -Alias $req.Alias `
        -OrganizationalUnit "OU=Shared Mailboxes,OU=Exchange,{dc_of(fq)}" -WhatIf:$WhatIf
    Add-MailboxPermission -Identity $req.Alias -User $req.OwnerGroup -AccessRights FullAccess -InheritanceType All
    Add-ADPermission -Identity $req.DisplayName -User $req.OwnerGroup -ExtendedRights "Send As"
    Write-Log "Created $($req.Alias) for $($req.OwnerGroup)"
}}

Remove-PSSession $Session
''')

# c05 -- Azure DevOps REST calls with a PAT (new 84-char format) in a Basic header
o, nb, fq = org()
pat = ado_pat84()
add('c05/tools/Sync-WorkItems.ps1', f'''# Copies closed bugs from the legacy project into the new board once per sprint.
# Usage: .\\Sync-WorkItems.ps1 -Sprint "Sprint 42"
[CmdletBinding()]
param([Parameter(Mandatory)][string]$Sprint)

$Organization = "{o}"
$SourceProject = "Legacy-ERP"
$TargetProject = "ERP-Modernisation"
$Pat = "{pat}"

$base64AuthInfo = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes((":{{0}}" -f $Pat)))
$Headers = @{{
    Authorization  = "Basic $base64AuthInfo"
    "Content-Type" = "application/json"
}}

$wiql = @{{
    query = "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = '$SourceProject' " +
            "AND [System.WorkItemType] = 'Bug' AND [System.State] = 'Closed' " +
            "AND [System.IterationPath] UNDER '$SourceProject\\$Sprint'"
}} | ConvertTo-Json

$uri = "https://dev.azure.com/$Organization/$SourceProject/_apis/wit/wiql?api-version=7.1"
$result = Invoke-RestMethod -Uri $uri -Method Post -Headers $Headers -Body $wiql

foreach ($item in $result.workItems) {{
    $wi = Invoke-RestMethod -Uri "$($item.url)?`$expand=fields" -Headers $Headers
    $patch = @(
        @{{ op = "add"; path = "/fields/System.Title"; value = $wi.fields.'System.Title' }},
        @{{ op = "add"; path = "/fields/System.Tags"; value = "migrated; $Sprint" }}
    ) | ConvertTo-Json
    Invoke-RestMethod -Uri "https://dev.azure.com/$Organization/$TargetProject/_apis/wit/workitems/`$Bug?api-version=7.1" `
        -Method Post -Headers @{{ Authorization = $Headers.Authorization }} `
        -ContentType "application/json-patch+json" -Body $patch | Out-Null
    Write-Host "Migrated #$($item.id)"
}}
''')

# c06 -- PowerShell calling internal APIs: Azure Functions key and APIM subscription key in headers
o, nb, fq = org()
fkey = b64(40)
apim = hx(32)
add('c06/ops/Invoke-NightlyReconciliation.ps1', f'''#Requires -Version 5.1
# Triggers the reconciliation function and posts the summary to the finance API.
$ErrorActionPreference = "Stop"

$FunctionUrl = "https://func-{o}-recon-prod.azurewebsites.net/api/ReconcileLedger"
$ApimBase    = "https://apim-{o}.azure-api.net/finance/v1"

$funcHeaders = @{{ "x-functions-key" = "{fkey}" }}
$apimHeaders = @{{
    "Ocp-Apim-Subscription-Key" = "{apim}"
    "Accept"                    = "application/json"
}}

$runDate = (Get-Date).AddDays(-1).ToString("yyyy-MM-dd")
Write-Output "Reconciling $runDate"

$summary = Invoke-RestMethod -Uri "$FunctionUrl?date=$runDate" -Method Post -Headers $funcHeaders -TimeoutSec 600

$body = [ordered]@{{
    date        = $runDate
    matched     = $summary.matched
    unmatched   = $summary.unmatched
    generatedBy = $env:COMPUTERNAME
}} | ConvertTo-Json

Invoke-RestMethod -Uri "$ApimBase/reconciliation-runs" -Method Post -Headers $apimHeaders `
    -ContentType "application/json" -Body $body

if ($summary.unmatched -gt 0) {{
    Write-Warning "$($summary.unmatched) entries need manual review"
    exit 2
}}
''')

# c07 -- AES-keyed SecureString: the encrypted blob AND its 256-bit key sit in the same script
o, nb, fq = org()
key = ','.join(str(random.randint(0, 255)) for _ in range(32))
enc = clean(lambda: '76492d1116743f0423413b16050a5345' + base64.b64encode(
    ('2|' + base64.b64encode(rb(16)).decode() + '|' + rb(32).hex()).encode('utf-16-le')).decode())
add('c07/Backup/Start-SqlBackupCopy.ps1', f'''<#
  Copies last night's SQL backups to the DR file server.
  Password is stored encrypted (AES key below) so the script can run from any server.
  Generated with:  $Key = New-Object Byte[] 32; [Security.Cryptography.RNGCryptoServiceProvider]::Create().GetBytes($Key)
                   Read-Host -AsSecureString | ConvertFrom-SecureString -Key $Key
#>
[Byte[]] $Key = ({key})
$EncryptedPassword = "{enc}"

$UserName = "{nb}\\svc_sqlbackup"
$SecurePassword = $EncryptedPassword | ConvertTo-SecureString -Key $Key
$Credential = New-Object System.Management.Automation.PSCredential($UserName, $SecurePassword)

$Source = "E:\\SQLBackup"
$Target = "\\\\dr-fs0{random.randint(1, 3)}.{fq}\\SQLBackup$"

New-PSDrive -Name DR -PSProvider FileSystem -Root $Target -Credential $Credential | Out-Null
Get-ChildItem -Path $Source -Filter *.bak -Recurse |
    Where-Object {{ $_.LastWriteTime -gt (Get-Date).AddHours(-20) }} |
    ForEach-Object {{
        $dest = Join-Path "DR:\\" $_.Directory.Name
        if (-not (Test-Path $dest)) {{ New-Item -ItemType Directory -Path $dest | Out-Null }}
        Copy-Item -Path $_.FullName -Destination $dest -Force
    }}
Remove-PSDrive -Name DR
''')

# c08 -- Remote Desktop: .rdp file plus a launcher that stores the password with cmdkey
o, nb, fq = org()
host = f'rdsh0{random.randint(1, 6)}.{fq}'
pw = human_pw('#@*-')
add('c08/Desktop/Jump/jumphost.rdp', crlf(f'''screen mode id:i:2
use multimon:i:0
desktopwidth:i:1920
desktopheight:i:1080
session bpp:i:32
winposstr:s:0,1,0,0,1600,900
compression:i:1
keyboardhook:i:2
audiocapturemode:i:0
videoplaybackmode:i:1
connection type:i:7
networkautodetect:i:1
bandwidthautodetect:i:1
displayconnectionbar:i:1
enableworkspacereconnect:i:0
disable wallpaper:i:0
allow font smoothing:i:0
allow desktop composition:i:0
disable full window drag:i:1
disable menu anims:i:1
disable themes:i:0
disable cursor setting:i:0
bitmapcachepersistenable:i:1
full address:s:{host}
audiomode:i:0
redirectprinters:i:0
redirectcomports:i:0
redirectsmartcards:i:1
redirectclipboard:i:1
redirectposdevices:i:0
autoreconnection enabled:i:1
authentication level:i:2
prompt for credentials:i:0
negotiate security layer:i:1
remoteapplicationmode:i:0
alternate shell:s:
shell working directory:s:
gatewayhostname:s:rdgw.{o}.com
gatewayusagemethod:i:1
gatewaycredentialssource:i:0
gatewayprofileusagemethod:i:1
promptcredentialonce:i:1
use redirection server name:i:0
drivestoredirect:s:
username:s:{nb}\\ops-jump
'''))
add('c08/Desktop/Jump/connect-jump.cmd', crlf(f'''@echo off
rem Opens the ops jump host without the credential prompt (shared ops account).
rem Ask {random.choice(FIRST)} before changing the account.
cmdkey /generic:TERMSRV/{host} /user:{nb}\\ops-jump /pass:{pw}
cmdkey /generic:TERMSRV/rdgw.{o}.com /user:{nb}\\ops-jump /pass:{pw}
start "" mstsc.exe "%~dp0jumphost.rdp"
'''))

# c09 -- Azure App Service .PublishSettings downloaded from the portal and committed
o, nb, fq = org()
app = f'{o}-portal-{random.choice(["prod", "web", "api"])}'
wpwd = webdeploy_pwd()
ftp = f'waws-prod-{random.choice(["am2", "db3", "bn1", "sn1"])}-{random.randint(100, 999)}'
add(f'c09/src/Portal.Web/Properties/PublishProfiles/{app}.PublishSettings', f'''<publishData><publishProfile profileName="{app} - Web Deploy" publishMethod="MSDeploy" publishUrl="{app}.scm.azurewebsites.net:443" msdeploySite="{app}" userName="${app}" userPWD="{wpwd}" destinationAppUrl="https://{app}.azurewebsites.net" SQLServerDBConnectionString="" mySQLDBConnectionString="" hostingProviderForumLink="" controlPanelLink="https://portal.azure.com" webSystem="WebSites"><databases /></publishProfile><publishProfile profileName="{app} - FTP" publishMethod="FTP" publishUrl="ftps://{ftp}.ftp.azurewebsites.windows.net/site/wwwroot" ftpPassiveMode="True" userName="{app}\\${app}" userPWD="{wpwd}" destinationAppUrl="https://{app}.azurewebsites.net" SQLServerDBConnectionString="" mySQLDBConnectionString="" hostingProviderForumLink="" controlPanelLink="https://portal.azure.com" webSystem="WebSites"><databases /></publishProfile><publishProfile profileName="{app} - Zip Deploy" publishMethod="ZipDeploy" publishUrl="{app}.scm.azurewebsites.net:443" userName="${app}" userPWD="{wpwd}" destinationAppUrl="https://{app}.azurewebsites.net" SQLServerDBConnectionString="" mySQLDBConnectionString="" hostingProviderForumLink="" controlPanelLink="https://portal.azure.com" webSystem="WebSites"><databases /></publishProfile></publishData>''')

# c10 -- Visual Studio .pubxml (on-prem IIS Web Deploy) with the password saved in the profile
o, nb, fq = org()
pw = strong_pw(16)
add('c10/src/Intranet.Web/Properties/PublishProfiles/IIS-Production.pubxml', f'''<?xml version="1.0" encoding="utf-8"?>
<!--
This file is used by the publish/package process of your Web project. You can customize the behavior of this process
by editing this MSBuild file. In order to learn more about this please visit https://go.microsoft.com/fwlink/?LinkID=208121.
-->
<Project ToolsVersion="4.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup>
    <WebPublishMethod>MSDeploy</WebPublishMethod>
    <LastUsedBuildConfiguration>Release</LastUsedBuildConfiguration>
    <LastUsedPlatform>Any CPU</LastUsedPlatform>
    <SiteUrlToLaunchAfterPublish>https://intranet.{o}.com</SiteUrlToLaunchAfterPublish>
    <LaunchSiteAfterPublish>False</LaunchSiteAfterPublish>
    <ExcludeApp_Data>True</ExcludeApp_Data>
    <MSDeployServiceURL>https://iis-web0{random.randint(1, 4)}.{fq}:8172/msdeploy.axd</MSDeployServiceURL>
    <DeployIisAppPath>Default Web Site/Intranet</DeployIisAppPath>
    <RemoteSitePhysicalPath />
    <SkipExtraFilesOnServer>True</SkipExtraFilesOnServer>
    <MSDeployPublishMethod>WMSVC</MSDeployPublishMethod>
    <EnableMSDeployBackup>True</EnableMSDeployBackup>
    <UserName>{nb}\\svc_webdeploy</UserName>
    <Password>{pw}</Password>
    <_SavePWD>True</_SavePWD>
    <AllowUntrustedCertificate>True</AllowUntrustedCertificate>
    <PublishDatabaseSettings>
      <Objects xmlns="">
        <ObjectGroup Name="IntranetDb" Order="1" Enabled="False">
          <Destination Path="" />
          <Object Type="DbDacFx">
            <PreSource Path="Data Source=sql01;Initial Catalog=Intranet;Integrated Security=True" includeData="False" />
            <Source Path="$(IntermediateOutputPath)AutoScripts\\IntranetDb_IncrementalSchemaOnly.dacpac" dacpacAction="Deploy" />
          </Object>
        </ObjectGroup>
      </Objects>
    </PublishDatabaseSettings>
  </PropertyGroup>
</Project>
''')

# c11 -- web.config with an explicit <machineKey> (ViewState/forms-auth keys); DB uses Windows auth
o, nb, fq = org()
add('c11/wwwroot/Portal/Web.config', f'''<?xml version="1.0" encoding="utf-8"?>
<!--
  For more information on how to configure your ASP.NET application, please visit
  https://go.microsoft.com/fwlink/?LinkId=301880
  -->
<configuration>
  <configSections>
    <section name="entityFramework" type="System.Data.Entity.Internal.ConfigFile.EntityFrameworkSection, EntityFramework, Version=6.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089" requirePermission="false" />
  </configSections>
  <connectionStrings>
    <add name="PortalContext" connectionString="Data Source=SQLCLU01\\PORTAL;Initial Catalog=Portal;Integrated Security=True;MultipleActiveResultSets=True" providerName="System.Data.SqlClient" />
  </connectionStrings>
  <appSettings>
    <add key="webpages:Version" value="3.0.0.0" />
    <add key="ClientValidationEnabled" value="true" />
    <add key="UnobtrusiveJavaScriptEnabled" value="true" />
    <add key="Portal:SupportMailbox" value="servicedesk@{o}.com" />
  </appSettings>
  <system.web>
    <compilation debug="false" targetFramework="4.8" />
    <httpRuntime targetFramework="4.8" enableVersionHeader="false" />
    <authentication mode="Forms">
      <forms loginUrl="~/Account/Login" timeout="2880" requireSSL="true" />
    </authentication>
    <!-- Same keys on WEB01..WEB04 so the load balancer can send postbacks to any node -->
    <machineKey validationKey="{hx(128).upper()}" decryptionKey="{hx(64).upper()}" validation="HMACSHA256" decryption="AES" />
    <customErrors mode="RemoteOnly" defaultRedirect="~/Error" />
    <sessionState mode="InProc" timeout="30" />
  </system.web>
  <system.webServer>
    <httpProtocol>
      <customHeaders>
        <remove name="X-Powered-By" />
        <add name="X-Frame-Options" value="SAMEORIGIN" />
      </customHeaders>
    </httpProtocol>
    <modules runAllManagedModulesForAllRequests="false" />
  </system.webServer>
</configuration>
''')

# c12 -- web.Release.config transform swapping in the production SQL-auth connection string
o, nb, fq = org()
pw = strong_pw(20, '!#*-_+.')
add('c12/src/Claims.Web/Web.Release.config', f'''<?xml version="1.0" encoding="utf-8"?>

<!-- For more information on using web.config transformation visit https://go.microsoft.com/fwlink/?LinkId=125889 -->

<configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform">
  <connectionStrings>
    <add name="ClaimsDb"
      connectionString="Server=sqlprod0{random.randint(1, 3)}.{fq},1433;Database=Claims;User Id=claims_app;Password={pw};Encrypt=True;TrustServerCertificate=True;Application Name=Claims.Web"
      xdt:Transform="SetAttributes" xdt:Locator="Match(name)"/>
    <add name="AuditDb"
      connectionString="Server=sqlprod0{random.randint(1, 3)}.{fq},1433;Database=Audit;Integrated Security=SSPI;Encrypt=True"
      xdt:Transform="SetAttributes" xdt:Locator="Match(name)"/>
  </connectionStrings>
  <appSettings>
    <add key="Environment" value="Production" xdt:Transform="SetAttributes" xdt:Locator="Match(key)"/>
    <add key="DocumentStore:Path" value="\\\\fs03\\claims-docs$" xdt:Transform="SetAttributes" xdt:Locator="Match(key)"/>
  </appSettings>
  <system.web>
    <compilation xdt:Transform="RemoveAttributes(debug)" />
    <customErrors mode="On" xdt:Transform="Replace" defaultRedirect="~/Error" />
  </system.web>
</configuration>
''')

# c13 -- app.config of a Windows service: Office 365 SMTP mailbox credentials + storage account key
o, nb, fq = org()
acct = f'st{o[:10]}{r(4, LOWER + string.digits)}'
pw = human_pw()
add('c13/InvoiceMailer/App.config', f'''<?xml version="1.0" encoding="utf-8" ?>
<configuration>
  <startup>
    <supportedRuntime version="v4.0" sku=".NETFramework,Version=v4.7.2" />
  </startup>
  <appSettings>
    <add key="PollIntervalSeconds" value="60" />
    <add key="InvoiceContainer" value="outgoing-invoices" />
    <add key="StorageConnection" value="DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={storage_key()};EndpointSuffix=core.windows.net" />
    <add key="ArchiveFolder" value="D:\\InvoiceMailer\\archive" />
  </appSettings>
  <system.net>
    <mailSettings>
      <smtp from="invoices@{o}.com" deliveryMethod="Network">
        <network host="smtp.office365.com" port="587" enableSsl="true"
                 userName="invoices@{o}.com" password="{pw}" defaultCredentials="false" />
      </smtp>
    </mailSettings>
  </system.net>
  <system.diagnostics>
    <trace autoflush="true">
      <listeners>
        <add name="file" type="System.Diagnostics.TextWriterTraceListener" initializeData="D:\\InvoiceMailer\\logs\\trace.log" />
      </listeners>
    </trace>
  </system.diagnostics>
</configuration>
''')

# c14 -- SSIS XML package configuration (.dtsConfig) with a SQL-auth connection string
o, nb, fq = org()
pw = human_pw()
pkg = GUID()
add('c14/ETL/Config/LoadSales.Prod.dtsConfig', f'''<?xml version="1.0"?><DTSConfiguration><DTSConfigurationHeading><DTSConfigurationFileInfo GeneratedBy="{nb}\\{random.choice(FIRST)}" GeneratedFromPackageName="LoadSales" GeneratedFromPackageID="{pkg}" GeneratedDate="3/{random.randint(1, 28)}/2015 10:41:27 AM"/></DTSConfigurationHeading><Configuration ConfiguredType="Property" Path="\\Package.Connections[SalesDW].Properties[ConnectionString]" ValueType="String"><ConfiguredValue>Data Source=SQLDW01;User ID=etl_loader;Password={pw};Initial Catalog=SalesDW;Provider=SQLNCLI11.1;Persist Security Info=True;Auto Translate=False;</ConfiguredValue></Configuration><Configuration ConfiguredType="Property" Path="\\Package.Connections[Staging].Properties[ConnectionString]" ValueType="String"><ConfiguredValue>Data Source=SQLDW01;Initial Catalog=Staging;Provider=SQLNCLI11.1;Integrated Security=SSPI;Auto Translate=False;</ConfiguredValue></Configuration><Configuration ConfiguredType="Property" Path="\\Package.Variables[User::SourceFolder].Properties[Value]" ValueType="String"><ConfiguredValue>\\\\fs01\\erp-export$\\sales</ConfiguredValue></Configuration><Configuration ConfiguredType="Property" Path="\\Package.Variables[User::BatchSize].Properties[Value]" ValueType="Int32"><ConfiguredValue>50000</ConfiguredValue></Configuration></DTSConfiguration>''')

# c15 -- SSIS .dtsx: DontSaveSensitive, but the password rides in a package variable used by an expression
o, nb, fq = org()
pw = strong_pw(14, '!#*_.')
add('c15/SSIS/HRExtract/HRExtract.dtsx', f'''<?xml version="1.0"?>
<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts"
  DTS:refId="Package"
  DTS:CreationDate="{random.randint(1, 12)}/{random.randint(1, 28)}/2019 9:14:02 AM"
  DTS:CreationName="Microsoft.Package"
  DTS:CreatorComputerName="DEVWS{random.randint(100, 999)}"
  DTS:CreatorName="{nb}\\{random.choice(FIRST)}"
  DTS:DTSID="{GUID()}"
  DTS:ExecutableType="Microsoft.Package"
  DTS:LastModifiedProductVersion="15.0.2000.170"
  DTS:LocaleID="1033"
  DTS:ObjectName="HRExtract"
  DTS:PackageType="5"
  DTS:ProtectionLevel="0"
  DTS:VersionBuild="{random.randint(5, 60)}"
  DTS:VersionGUID="{GUID()}">
  <DTS:Property DTS:Name="PackageFormatVersion">8</DTS:Property>
  <DTS:ConnectionManagers>
    <DTS:ConnectionManager
      DTS:refId="Package.ConnectionManagers[HRIS]"
      DTS:CreationName="OLEDB"
      DTS:DTSID="{GUID()}"
      DTS:ObjectName="HRIS">
      <DTS:PropertyExpression DTS:Name="ConnectionString">@[User::HrisConnectionString]</DTS:PropertyExpression>
      <DTS:ObjectData>
        <DTS:ConnectionManager
          DTS:ConnectionString="Data Source=HRSQL01;Initial Catalog=HRIS;Provider=SQLNCLI11.1;Auto Translate=False;" />
      </DTS:ObjectData>
    </DTS:ConnectionManager>
    <DTS:ConnectionManager
      DTS:refId="Package.ConnectionManagers[Warehouse]"
      DTS:CreationName="OLEDB"
      DTS:DTSID="{GUID()}"
      DTS:ObjectName="Warehouse">
      <DTS:ObjectData>
        <DTS:ConnectionManager
          DTS:ConnectionString="Data Source=SQLDW01;Initial Catalog=PeopleDW;Provider=SQLNCLI11.1;Integrated Security=SSPI;Auto Translate=False;" />
      </DTS:ObjectData>
    </DTS:ConnectionManager>
  </DTS:ConnectionManagers>
  <DTS:Variables>
    <DTS:Variable
      DTS:CreationName=""
      DTS:DTSID="{GUID()}"
      DTS:IncludeInDebugDump="2345"
      DTS:Namespace="User"
      DTS:ObjectName="HrisConnectionString">
      <DTS:VariableValue DTS:DataType="8">Data Source=HRSQL01;User ID=ssis_hr_reader;Password={pw};Initial Catalog=HRIS;Provider=SQLNCLI11.1;Persist Security Info=True;Auto Translate=False;</DTS:VariableValue>
    </DTS:Variable>
    <DTS:Variable
      DTS:CreationName=""
      DTS:DTSID="{GUID()}"
      DTS:IncludeInDebugDump="6789"
      DTS:Namespace="User"
      DTS:ObjectName="LoadDate">
      <DTS:VariableValue DTS:DataType="7">1/1/2019</DTS:VariableValue>
    </DTS:Variable>
  </DTS:Variables>
  <DTS:Executables>
    <DTS:Executable
      DTS:refId="Package\\Truncate Staging"
      DTS:CreationName="Microsoft.ExecuteSQLTask"
      DTS:DTSID="{GUID()}"
      DTS:ExecutableType="Microsoft.ExecuteSQLTask"
      DTS:ObjectName="Truncate Staging"
      DTS:TaskContact="Execute SQL Task">
      <DTS:ObjectData>
        <SQLTask:SqlTaskData
          SQLTask:Connection="{GUID()}"
          SQLTask:SqlStatementSource="TRUNCATE TABLE stg.Employee;" xmlns:SQLTask="www.microsoft.com/sqlserver/dts/tasks/sqltask" />
      </DTS:ObjectData>
    </DTS:Executable>
  </DTS:Executables>
</DTS:Executable>
''')

# c16 -- SSRS: shared data source (.rds) plus the rs.exe deployment script that stores the credentials
o, nb, fq = org()
pw = human_pw()
add('c16/Reports/FinanceReports/FinanceDW.rds', f'''<?xml version="1.0" encoding="utf-8"?>
<RptDataSource xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" Name="FinanceDW">
  <ConnectionProperties>
    <Extension>SQL</Extension>
    <ConnectString>Data Source=SQLDW02;Initial Catalog=FinanceDW</ConnectString>
    <IntegratedSecurity>false</IntegratedSecurity>
  </ConnectionProperties>
  <DataSourceID>{guid()}</DataSourceID>
</RptDataSource>
''')
add('c16/Reports/Deploy/CreateDataSources.rss', f'''' Creates the shared data sources on the report server.
' rs.exe -i CreateDataSources.rss -s http://ssrs01/ReportServer -v parentFolder="/Data Sources"
Public Sub Main()
    rs.Credentials = System.Net.CredentialCache.DefaultCredentials

    Dim definition As New DataSourceDefinition()
    definition.CredentialRetrieval = CredentialRetrievalEnum.Store
    definition.ConnectString = "Data Source=SQLDW02;Initial Catalog=FinanceDW"
    definition.Enabled = True
    definition.EnabledSpecified = True
    definition.Extension = "SQL"
    definition.ImpersonateUserSpecified = False
    definition.Prompt = Nothing
    definition.WindowsCredentials = False
    definition.UserName = "rpt_finance"
    definition.Password = "{pw}"

    Try
        rs.CreateDataSource("FinanceDW", parentFolder, True, definition, Nothing)
        Console.WriteLine("Data source FinanceDW created/updated.")
    Catch e As Exception
        Console.WriteLine(e.Message)
    End Try
End Sub
''')
add('c16/Reports/Deploy/deploy.cmd', crlf('''@echo off
"C:\\Program Files (x86)\\Microsoft SQL Server\\140\\Tools\\Binn\\rs.exe" -i "%~dp0CreateDataSources.rss" -s http://ssrs01/ReportServer -v parentFolder="/Data Sources" -e Mgmt2010
if errorlevel 1 exit /b 1
'''))

# c17 -- MSBuild Directory.Build.props carrying a SonarQube project analysis token
o, nb, fq = org()
sq = 'sqp_' + hx(40)
add('c17/Directory.Build.props', f'''<Project>
  <!-- Shared settings for every project under src/ and tests/ -->
  <PropertyGroup>
    <LangVersion>latest</LangVersion>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <Company>{o.capitalize()} Ltd</Company>
    <Copyright>Copyright (c) {o.capitalize()} Ltd</Copyright>
    <RepositoryUrl>https://dev.azure.com/{o}/Platform/_git/platform-core</RepositoryUrl>
  </PropertyGroup>

  <!-- Static analysis: runs on the build agents when RunSonar=true -->
  <PropertyGroup>
    <SonarQubeHostUrl>https://sonar.{o}.com</SonarQubeHostUrl>
    <SonarQubeProjectKey>platform-core</SonarQubeProjectKey>
    <SonarQubeToken>{sq}</SonarQubeToken>
  </PropertyGroup>

  <Target Name="SonarBegin" BeforeTargets="Restore" Condition="'$(RunSonar)' == 'true' And '$(MSBuildProjectName)' == 'Platform.Core'">
    <Exec Command="dotnet sonarscanner begin /k:&quot;$(SonarQubeProjectKey)&quot; /d:sonar.host.url=&quot;$(SonarQubeHostUrl)&quot; /d:sonar.token=&quot;$(SonarQubeToken)&quot; /d:sonar.cs.opencover.reportsPaths=&quot;**/coverage.opencover.xml&quot;" />
  </Target>

  <ItemGroup>
    <PackageReference Include="Microsoft.CodeAnalysis.NetAnalyzers" Version="8.0.0" PrivateAssets="all" />
    <PackageReference Include="StyleCop.Analyzers" Version="1.2.0-beta.556" PrivateAssets="all" />
  </ItemGroup>
</Project>
''')

# c18 -- MSBuild .targets deploying a dacpac and the site with inline passwords
o, nb, fq = org()
pw1 = strong_pw(16)
pw2 = human_pw('#@*')
add('c18/build/Deploy.targets', f'''<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <!-- Imported by Warehouse.sqlproj and Warehouse.Web.csproj when building on BUILD02 -->
  <PropertyGroup>
    <SqlPackagePath>C:\\Program Files\\Microsoft SQL Server\\160\\DAC\\bin\\SqlPackage.exe</SqlPackagePath>
    <MsDeployPath>C:\\Program Files\\IIS\\Microsoft Web Deploy V3\\msdeploy.exe</MsDeployPath>
    <DeployDbServer>sqlwh01.{fq}</DeployDbServer>
    <DeployDbName>Warehouse</DeployDbName>
    <DeployDbUser>wh_deploy</DeployDbUser>
    <DeployDbPassword>{pw1}</DeployDbPassword>
    <DeployWebServer>https://whweb01.{fq}:8172/msdeploy.axd</DeployWebServer>
    <DeployWebUser>{nb}\\svc_msdeploy</DeployWebUser>
    <DeployWebPassword>{pw2}</DeployWebPassword>
  </PropertyGroup>

  <Target Name="DeployDatabase" AfterTargets="Build" Condition="'$(Configuration)' == 'Release' And '$(MSBuildProjectExtension)' == '.sqlproj'">
    <Message Importance="high" Text="Publishing $(TargetFileName) to $(DeployDbServer)/$(DeployDbName)" />
    <Exec Command="&quot;$(SqlPackagePath)&quot; /Action:Publish /SourceFile:&quot;$(TargetPath)&quot; /TargetServerName:$(DeployDbServer) /TargetDatabaseName:$(DeployDbName) /TargetUser:$(DeployDbUser) /TargetPassword:$(DeployDbPassword) /p:BlockOnPossibleDataLoss=false" />
  </Target>

  <Target Name="DeployWeb" AfterTargets="Package" Condition="'$(Configuration)' == 'Release' And '$(MSBuildProjectExtension)' == '.csproj'">
    <Exec Command="&quot;$(MsDeployPath)&quot; -verb:sync -source:package=&quot;$(PackageFileName)&quot; -dest:auto,computerName=&quot;$(DeployWebServer)?site=Warehouse&quot;,userName=&quot;$(DeployWebUser)&quot;,password=&quot;$(DeployWebPassword)&quot;,authType=Basic -allowUntrusted" />
  </Target>
</Project>
''')

# c19 -- NuGet.config with an Azure Artifacts feed credential (classic 52-char PAT) in ClearTextPassword
o, nb, fq = org()
add('c19/NuGet.config', f'''<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
    <add key="{o}-internal" value="https://pkgs.dev.azure.com/{o}/_packaging/internal/nuget/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="nuget.org">
      <package pattern="*" />
    </packageSource>
    <packageSource key="{o}-internal">
      <package pattern="{o.capitalize()}.*" />
    </packageSource>
  </packageSourceMapping>
  <packageSourceCredentials>
    <{o}-internal>
      <add key="Username" value="{random.choice(FIRST)}@{o}.com" />
      <add key="ClearTextPassword" value="{ado_pat()}" />
    </{o}-internal>
  </packageSourceCredentials>
  <config>
    <add key="globalPackagesFolder" value="%USERPROFILE%\\.nuget\\packages" />
  </config>
</configuration>
''')

# c20 -- nuget.config for GitHub Packages with a classic GitHub PAT
o, nb, fq = org()
ghorg = o + random.choice(['-dev', '-oss', 'hq'])
add('c20/src/nuget.config', f'''<?xml version="1.0" encoding="utf-8"?>
<configuration>
    <packageSources>
        <clear />
        <add key="nuget" value="https://api.nuget.org/v3/index.json" />
        <add key="github" value="https://nuget.pkg.github.com/{ghorg}/index.json" />
    </packageSources>
    <packageSourceCredentials>
        <github>
            <add key="Username" value="{ghorg}-ci" />
            <add key="ClearTextPassword" value="{ck('ghp_')}" />
        </github>
    </packageSourceCredentials>
    <disabledPackageSources />
</configuration>
''')

# c21 -- build.ps1 that packs and pushes to nuget.org with an API key
o, nb, fq = org()
nk = nuget_key()
add('c21/build.ps1', f'''[CmdletBinding()]
param(
    [ValidateSet("Debug", "Release")][string]$Configuration = "Release",
    [switch]$Publish
)
$ErrorActionPreference = "Stop"
$root = $PSScriptRoot
$artifacts = Join-Path $root "artifacts"
$version = (Select-Xml -Path "$root\\Directory.Build.props" -XPath "//VersionPrefix").Node.InnerText

Remove-Item $artifacts -Recurse -Force -ErrorAction SilentlyContinue
dotnet restore "$root\\{o.capitalize()}.Toolkit.sln"
dotnet build "$root\\{o.capitalize()}.Toolkit.sln" -c $Configuration --no-restore /p:ContinuousIntegrationBuild=true
dotnet test "$root\\{o.capitalize()}.Toolkit.sln" -c $Configuration --no-build --logger trx
dotnet pack "$root\\src\\{o.capitalize()}.Toolkit\\{o.capitalize()}.Toolkit.csproj" -c $Configuration --no-build -o $artifacts

if ($Publish) {{
    $apiKey = "{nk}"
    Get-ChildItem $artifacts -Filter *.nupkg | ForEach-Object {{
        dotnet nuget push $_.FullName --api-key $apiKey --source https://api.nuget.org/v3/index.json --skip-duplicate
    }}
    Write-Host "Published $version" -ForegroundColor Green
}}
''')

# c22 -- Azure DevOps YAML pipeline with secrets written inline in the variables block
o, nb, fq = org()
sqlpw = strong_pw(18)
add('c22/azure-pipelines.yml', f'''trigger:
  branches:
    include:
      - main
      - release/*

pool:
  vmImage: windows-latest

variables:
  buildConfiguration: 'Release'
  azureSubscription: 'sc-{o}-prod'
  webAppName: 'app-{o}-orders-prod'
  sqlServer: 'sql-{o}-prod.database.windows.net'
  sqlDatabase: 'Orders'
  sqlAdminUser: 'sqladmin'
  sqlAdminPassword: '{sqlpw}'
  AZURE_TENANT_ID: '{guid()}'
  AZURE_CLIENT_ID: '{guid()}'
  AZURE_CLIENT_SECRET: '{entra_secret()}'

stages:
- stage: Build
  jobs:
  - job: Build
    steps:
    - task: UseDotNet@2
      inputs:
        packageType: sdk
        version: 8.x
    - task: DotNetCoreCLI@2
      displayName: Publish
      inputs:
        command: publish
        projects: 'src/Orders.Api/Orders.Api.csproj'
        arguments: '-c $(buildConfiguration) -o $(Build.ArtifactStagingDirectory)/web'
    - task: VSBuild@1
      inputs:
        solution: 'db/Orders.Database.sqlproj'
        configuration: '$(buildConfiguration)'
    - publish: $(Build.ArtifactStagingDirectory)
      artifact: drop

- stage: Deploy
  dependsOn: Build
  jobs:
  - deployment: Production
    environment: orders-prod
    strategy:
      runOnce:
        deploy:
          steps:
          - task: SqlAzureDacpacDeployment@1
            inputs:
              azureSubscription: '$(azureSubscription)'
              ServerName: '$(sqlServer)'
              DatabaseName: '$(sqlDatabase)'
              SqlUsername: '$(sqlAdminUser)'
              SqlPassword: '$(sqlAdminPassword)'
              DacpacFile: '$(Pipeline.Workspace)/drop/db/Orders.Database.dacpac'
          - task: AzureWebApp@1
            inputs:
              azureSubscription: '$(azureSubscription)'
              appName: '$(webAppName)'
              package: '$(Pipeline.Workspace)/drop/web/*.zip'
          - pwsh: |
              dotnet tool restore
              dotnet orders-smoke --base-url https://$(webAppName).azurewebsites.net
            env:
              AZURE_CLIENT_SECRET: $(AZURE_CLIENT_SECRET)
''')

# c23 -- exported Azure DevOps variable groups: the secret ones are null, but one key was stored unmasked
o, nb, fq = org()
acct = f'st{o[:10]}prod{r(3, LOWER + string.digits)}'
who = random.choice(FIRST)
vg = [
    {"authorized": False, "createdBy": {"displayName": who, "id": guid(), "uniqueName": f"{who}@{o}.com"},
     "createdOn": "2023-0%d-1%dT08:2%d:11.4533333Z" % (random.randint(1, 9), random.randint(0, 9), random.randint(0, 9)),
     "description": "Shared settings for the billing API (prod)", "id": random.randint(5, 80),
     "isShared": False, "modifiedBy": {"displayName": who, "id": guid(), "uniqueName": f"{who}@{o}.com"},
     "name": "billing-api-prod", "providerData": None, "type": "Vsts",
     "variables": {
         "ApiBaseUrl": {"isSecret": None, "value": f"https://billing.{o}.com"},
         "AppInsightsName": {"isSecret": None, "value": f"appi-{o}-billing-prod"},
         "BlobStorageConnection": {"isSecret": None, "value": f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={storage_key()};EndpointSuffix=core.windows.net"},
         "SqlAdminPassword": {"isSecret": True, "value": None},
         "StripeWebhookKey": {"isSecret": True, "value": None},
     }},
    {"authorized": True, "createdBy": {"displayName": who, "id": guid(), "uniqueName": f"{who}@{o}.com"},
     "description": "", "id": random.randint(81, 120), "isShared": False, "name": "billing-api-test-env",
     "providerData": None, "type": "Vsts",
     "variables": {"ApiBaseUrl": {"isSecret": None, "value": f"https://billing-qa.{o}.com"},
                   "SqlAdminPassword": {"isSecret": True, "value": None}}},
]
add('c23/docs/pipelines/variable-groups.json', json.dumps(vg, indent=2) + '\n')

# c24 -- Azure Functions local.settings.json pointing at the real storage, Cosmos DB and SignalR
o, nb, fq = org()
acct = f'st{o[:10]}func{r(3, LOWER + string.digits)}'
add('c24/src/Orders.Functions/local.settings.json', json.dumps({
    "IsEncrypted": False,
    "Values": {
        "AzureWebJobsStorage": f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={storage_key()};EndpointSuffix=core.windows.net",
        "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
        "CosmosDbConnection": f"AccountEndpoint=https://cosmos-{o}-orders.documents.azure.com:443/;AccountKey={storage_key()};",
        "CosmosDbDatabase": "orders",
        "AzureSignalRConnectionString": f"Endpoint=https://sigr-{o}-orders.service.signalr.net;AccessKey={b64(32)};Version=1.0;",
        "OrderQueueName": "orders-inbound",
    },
    "Host": {"LocalHttpPort": 7071, "CORS": "*"},
}, indent=2) + '\n')

# c25 -- local.settings.json with Service Bus / Event Hubs SAS keys and a Graph client secret
o, nb, fq = org()
add('c25/HrSync.Functions/local.settings.json', json.dumps({
    "IsEncrypted": False,
    "Values": {
        "AzureWebJobsStorage": "UseDevelopmentStorage=true",
        "FUNCTIONS_WORKER_RUNTIME": "powershell",
        "FUNCTIONS_WORKER_RUNTIME_VERSION": "7.2",
        "ServiceBusConnection": f"Endpoint=sb://sb-{o}-hr.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={b64(32)}",
        "EventHubConnection": f"Endpoint=sb://evh-{o}-audit.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={b64(32)};EntityPath=hr-audit",
        "GraphTenantId": guid(),
        "GraphClientId": guid(),
        "GraphClientSecret": entra_secret(),
        "HrSystemBaseUrl": f"https://hr.{o}.com/api",
    },
}, indent=2) + '\n')
add('c25/HrSync.Functions/SyncUsers/function.json', json.dumps({
    "bindings": [{"name": "Timer", "type": "timerTrigger", "direction": "in", "schedule": "0 */15 * * * *"},
                 {"type": "serviceBus", "direction": "out", "name": "outputSbMsg", "queueName": "hr-changes",
                  "connection": "ServiceBusConnection"}]}, indent=2) + '\n')

# c26 -- ARM template parameter file with admin passwords as plain values
o, nb, fq = org()
add('c26/infra/arm/azuredeploy.parameters.prod.json', json.dumps({
    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
    "contentVersion": "1.0.0.0",
    "parameters": {
        "location": {"value": random.choice(REGIONS)},
        "environmentName": {"value": "prod"},
        "vmName": {"value": f"vm-{o}-app01"},
        "vmSize": {"value": "Standard_D4s_v5"},
        "adminUsername": {"value": "azureadmin"},
        "adminPassword": {"value": strong_pw(20)},
        "sqlServerName": {"value": f"sql-{o}-prod"},
        "sqlAdministratorLogin": {"value": "sqladminuser"},
        "sqlAdministratorLoginPassword": {"value": human_pw()},
        "vnetAddressPrefix": {"value": "10.%d.0.0/16" % random.randint(10, 250)},
        "tags": {"value": {"costCenter": "CC-%d" % random.randint(1000, 9999), "owner": "platform"}},
    },
}, indent=2) + '\n')

# c27 -- Bicep parameters file (.bicepparam) with literal passwords
o, nb, fq = org()
add('c27/infra/bicep/main.prod.bicepparam', f'''using './main.bicep'

param location = '{random.choice(REGIONS)}'
param environmentName = 'prod'
param appServicePlanSku = 'P1v3'

param vmAdminUsername = 'localadmin'
param vmAdminPassword = '{strong_pw(18)}'

param sqlAdministratorLogin = 'sqladmin'
param sqlAdministratorPassword = '{human_pw()}'

param allowedIpRanges = [
  '{random.randint(20, 200)}.{random.randint(0, 255)}.{random.randint(0, 255)}.0/24'
]

param tags = {{
  costCenter: 'CC-{random.randint(1000, 9999)}'
  owner: 'cloud-platform'
  workload: 'erp'
}}
''')

# c28 -- main.bicep: a @secure() parameter with the VPN pre-shared key given as its default
o, nb, fq = org()
psk = r(32, A)
add('c28/network/hub-vpn.bicep', f'''targetScope = 'resourceGroup'

@description('Location for all resources')
param location string = resourceGroup().location

@description('Public IP of the on-premises firewall')
param onPremGatewayIp string = '{random.randint(20, 200)}.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}'

@description('On-premises address space')
param onPremAddressPrefixes array = [
  '10.{random.randint(0, 9)}.0.0/16'
  '172.16.0.0/20'
]

@secure()
@description('IPsec pre-shared key (must match the firewall config)')
param vpnSharedKey string = '{psk}'

resource vnetGw 'Microsoft.Network/virtualNetworkGateways@2023-04-01' existing = {{
  name: 'vgw-{o}-hub'
}}

resource lgw 'Microsoft.Network/localNetworkGateways@2023-04-01' = {{
  name: 'lgw-{o}-dc1'
  location: location
  properties: {{
    gatewayIpAddress: onPremGatewayIp
    localNetworkAddressSpace: {{
      addressPrefixes: onPremAddressPrefixes
    }}
  }}
}}

resource conn 'Microsoft.Network/connections@2023-04-01' = {{
  name: 'cn-{o}-hub-to-dc1'
  location: location
  properties: {{
    connectionType: 'IPsec'
    connectionProtocol: 'IKEv2'
    virtualNetworkGateway1: {{
      id: vnetGw.id
      properties: {{}}
    }}
    localNetworkGateway2: {{
      id: lgw.id
      properties: {{}}
    }}
    sharedKey: vpnSharedKey
    enableBgp: false
  }}
}}
''')

# c29 -- Intune proactive remediation: detection + remediation creating a local admin with a fixed password
o, nb, fq = org()
acctn = random.choice(['supportadm', 'itsupport', 'localit'])
pw = human_pw('!#@*')
add('c29/Intune/Remediations/LocalSupportAccount/Detect-LocalSupportAccount.ps1', f'''# Detection: exit 1 if the support account is missing or not in Administrators
$AccountName = "{acctn}"
$user = Get-LocalUser -Name $AccountName -ErrorAction SilentlyContinue
if (-not $user) {{ Write-Output "missing"; exit 1 }}
$isAdmin = Get-LocalGroupMember -SID "S-1-5-32-544" | Where-Object {{ $_.Name -like "*\\$AccountName" }}
if (-not $isAdmin) {{ Write-Output "not admin"; exit 1 }}
Write-Output "compliant"
exit 0
''')
add('c29/Intune/Remediations/LocalSupportAccount/Remediate-LocalSupportAccount.ps1', f'''# Remediation: (re)create the helpdesk break-glass account on every Autopilot device.
# Ring: All Windows devices  |  Run as: System  |  64-bit: Yes
# LAPS rollout is pending, keep this until INC{random.randint(100000, 999999)} is closed.
$AccountName = "{acctn}"
$Password = ConvertTo-SecureString "{pw}" -AsPlainText -Force

try {{
    $user = Get-LocalUser -Name $AccountName -ErrorAction Stop
    Set-LocalUser -Name $AccountName -Password $Password -PasswordNeverExpires $true
    Enable-LocalUser -Name $AccountName
    Write-Output "Password reset for $AccountName"
}}
catch {{
    New-LocalUser -Name $AccountName -Password $Password -FullName "IT Support" `
        -Description "Managed by Intune" -PasswordNeverExpires -AccountNeverExpires | Out-Null
    Write-Output "Created $AccountName"
}}

try {{ Add-LocalGroupMember -SID "S-1-5-32-544" -Member $AccountName -ErrorAction Stop }} catch {{ }}
exit 0
''')

# c30 -- Intune / Graph reporting script with an app registration client secret
o, nb, fq = org()
add('c30/intune/Export-NonCompliantDevices.ps1', f'''<#
    Exports non-compliant Intune devices to CSV and mails the report to the endpoint team.
    App registration: "Intune Reporting" (DeviceManagementManagedDevices.Read.All, Mail.Send)
#>
$TenantId     = "{guid()}"
$ClientId     = "{guid()}"
$ClientSecret = "{entra_secret()}"
$ReportPath   = "C:\\Reports\\Intune\\NonCompliant_$(Get-Date -Format yyyyMMdd).csv"

$tokenBody = @{{
    grant_type    = "client_credentials"
    scope         = "https://graph.microsoft.com/.default"
    client_id     = $ClientId
    client_secret = $ClientSecret
}}
$token = Invoke-RestMethod -Method Post -Uri "https://login.microsoftonline.com/$TenantId/oauth2/v2.0/token" -Body $tokenBody
$headers = @{{ Authorization = "Bearer $($token.access_token)" }}

$uri = "https://graph.microsoft.com/v1.0/deviceManagement/managedDevices?`$filter=complianceState eq 'noncompliant'&`$select=deviceName,userPrincipalName,osVersion,lastSyncDateTime"
$devices = @()
do {{
    $page = Invoke-RestMethod -Uri $uri -Headers $headers
    $devices += $page.value
    $uri = $page.'@odata.nextLink'
}} while ($uri)

$devices | Export-Csv -Path $ReportPath -NoTypeInformation -Encoding UTF8
Write-Output "$($devices.Count) non-compliant devices exported to $ReportPath"
''')

# c31 -- MDT deployment share rules (CustomSettings.ini / Bootstrap.ini) with join and share passwords
o, nb, fq = org()
add('c31/DeploymentShare/Control/CustomSettings.ini', crlf(f'''[Settings]
Priority=Model, Default
Properties=MyCustomProperty

[Default]
_SMSTSORGNAME={o.capitalize()} IT
OSInstall=Y
SkipCapture=YES
SkipAdminPassword=YES
AdminPassword={human_pw()}
SkipProductKey=YES
SkipComputerBackup=YES
SkipBitLocker=NO
BDEInstallSuppress=NO
SkipDomainMembership=YES
JoinDomain={fq}
DomainAdmin=svc_mdtjoin
DomainAdminDomain={nb}
DomainAdminPassword={strong_pw(16, '!#*-_.')}
MachineObjectOU=OU=Workstations,OU=Devices,{dc_of(fq)}
SkipLocaleSelection=YES
KeyboardLocale=en-US
UserLocale=en-GB
UILanguage=en-US
SkipTimeZone=YES
TimeZoneName=GMT Standard Time
SkipApplications=NO
SkipSummary=YES
SkipFinalSummary=NO
FinishAction=REBOOT
WSUSServer=http://wsus01.{fq}:8530
SLShare=\\\\mdt01\\Logs$
EventService=http://mdt01:9800

[Latitude 5440]
DriverGroup001=Windows 11 x64\\Dell\\Latitude 5440
'''))
add('c31/DeploymentShare/Control/Bootstrap.ini', crlf(f'''[Settings]
Priority=Default

[Default]
DeployRoot=\\\\mdt01\\DeploymentShare$
UserDomain={nb}
UserID=svc_mdtread
UserPassword={human_pw('#@*')}
SkipBDDWelcome=YES
KeyboardLocalePE=0809:00000809
'''))

# c32 -- autounattend.xml for the build-and-capture VM: plaintext AutoLogon + domain join credentials
o, nb, fq = org()
adm = strong_pw(14, '!#*-_')
join = human_pw()
add('c32/OSD/Answer/autounattend.xml', f'''<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
    <settings pass="windowsPE">
        <component name="Microsoft-Windows-International-Core-WinPE" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
            <SetupUILanguage><UILanguage>en-US</UILanguage></SetupUILanguage>
            <InputLocale>0809:00000809</InputLocale>
            <SystemLocale>en-GB</SystemLocale>
            <UILanguage>en-US</UILanguage>
            <UserLocale>en-GB</UserLocale>
        </component>
    </settings>
    <settings pass="specialize">
        <component name="Microsoft-Windows-UnattendedJoin" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
            <Identification>
                <Credentials>
                    <Domain>{fq}</Domain>
                    <Username>svc_domainjoin</Username>
                    <Password>{join}</Password>
                </Credentials>
                <JoinDomain>{fq}</JoinDomain>
                <MachineObjectOU>OU=Build,OU=Servers,{dc_of(fq)}</MachineObjectOU>
            </Identification>
        </component>
        <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
            <ComputerName>*</ComputerName>
            <RegisteredOrganization>{o.capitalize()}</RegisteredOrganization>
            <TimeZone>GMT Standard Time</TimeZone>
        </component>
    </settings>
    <settings pass="oobeSystem">
        <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
            <UserAccounts>
                <AdministratorPassword>
                    <Value>{adm}</Value>
                    <PlainText>true</PlainText>
                </AdministratorPassword>
            </UserAccounts>
            <AutoLogon>
                <Password>
                    <Value>{adm}</Value>
                    <PlainText>true</PlainText>
                </Password>
                <Enabled>true</Enabled>
                <LogonCount>3</LogonCount>
                <Username>Administrator</Username>
            </AutoLogon>
            <OOBE>
                <HideEULAPage>true</HideEULAPage>
                <HideWirelessSetupInOOBE>true</HideWirelessSetupInOOBE>
                <ProtectYourPC>3</ProtectYourPC>
            </OOBE>
            <FirstLogonCommands>
                <SynchronousCommand wcm:action="add" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
                    <Order>1</Order>
                    <CommandLine>powershell -ExecutionPolicy Bypass -File C:\\Build\\Install-Baseline.ps1</CommandLine>
                </SynchronousCommand>
            </FirstLogonCommands>
        </component>
    </settings>
</unattend>
''')

# c33 -- unattend.xml with PlainText=false: the value is only base64(UTF-16LE(password + element name))
o, nb, fq = org()
adm = strong_pw(15, '!#*-_')
loc = human_pw()
enc_adm = base64.b64encode((adm + 'AdministratorPassword').encode('utf-16-le')).decode()
enc_loc = base64.b64encode((loc + 'Password').encode('utf-16-le')).decode()
add('c33/Sources/$OEM$/unattend.xml', f'''<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
    <settings pass="oobeSystem">
        <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <UserAccounts>
                <AdministratorPassword>
                    <Value>{enc_adm}</Value>
                    <PlainText>false</PlainText>
                </AdministratorPassword>
                <LocalAccounts>
                    <LocalAccount wcm:action="add">
                        <Password>
                            <Value>{enc_loc}</Value>
                            <PlainText>false</PlainText>
                        </Password>
                        <Description>Kiosk maintenance</Description>
                        <DisplayName>KioskAdmin</DisplayName>
                        <Group>Administrators</Group>
                        <Name>KioskAdmin</Name>
                    </LocalAccount>
                </LocalAccounts>
            </UserAccounts>
            <OOBE>
                <HideEULAPage>true</HideEULAPage>
                <HideLocalAccountScreen>true</HideLocalAccountScreen>
                <HideOnlineAccountScreens>true</HideOnlineAccountScreens>
                <NetworkLocation>Work</NetworkLocation>
                <ProtectYourPC>1</ProtectYourPC>
            </OOBE>
            <RegisteredOrganization>{o.capitalize()} Retail</RegisteredOrganization>
            <TimeZone>W. Europe Standard Time</TimeZone>
        </component>
    </settings>
    <cpi:offlineImage cpi:source="wim:d:/sources/install.wim#Windows 10 Enterprise LTSC" xmlns:cpi="urn:schemas-microsoft-com:cpi" />
</unattend>
''')

# c34 -- Exchange Web Services client (C#) with hard-coded mailbox credentials
o, nb, fq = org()
pw = human_pw('!#@*')
add('c34/src/MailRobot/MailboxPoller.cs', f'''using System;
using System.Linq;
using Microsoft.Exchange.WebServices.Data;

namespace {o.capitalize()}.MailRobot
{{
    /// <summary>Reads the AP inbox and forwards PDF invoices to the OCR queue.</summary>
    public sealed class MailboxPoller
    {{
        private const string EwsUrl = "https://mail.{o}.com/EWS/Exchange.asmx";
        private const string Mailbox = "ap-invoices@{o}.com";

        private readonly ExchangeService _service;
        private readonly IOcrQueue _queue;

        public MailboxPoller(IOcrQueue queue)
        {{
            _queue = queue;
            _service = new ExchangeService(ExchangeVersion.Exchange2013_SP1)
            {{
                Credentials = new WebCredentials("svc_mailrobot", "{pw}", "{nb}"),
                Url = new Uri(EwsUrl),
                ImpersonatedUserId = new ImpersonatedUserId(ConnectingIdType.SmtpAddress, Mailbox)
            }};
        }}

        public int PollOnce()
        {{
            var view = new ItemView(50) {{ PropertySet = new PropertySet(BasePropertySet.IdOnly) }};
            var filter = new SearchFilter.IsEqualTo(EmailMessageSchema.IsRead, false);
            var results = _service.FindItems(WellKnownFolderName.Inbox, filter, view);
            var processed = 0;
            foreach (var item in results.OfType<EmailMessage>())
            {{
                item.Load(new PropertySet(BasePropertySet.FirstClassProperties, ItemSchema.Attachments));
                foreach (var att in item.Attachments.OfType<FileAttachment>().Where(a => a.Name.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)))
                {{
                    att.Load();
                    _queue.Enqueue(att.Name, att.Content, item.From.Address);
                }}
                item.IsRead = true;
                item.Update(ConflictResolutionMode.AutoResolve);
                processed++;
            }}
            return processed;
        }}
    }}
}}
''')

# c35 -- Python AD -> HR sync using an LDAP simple bind with the service account password
o, nb, fq = org()
pw = strong_pw(16, '!#*-_.+')
add('c35/ad-sync/sync_ad_to_hr.py', f'''#!/usr/bin/env python3
"""Pulls enabled users from Active Directory and pushes manager/department changes to the HR system."""
import csv
import logging
import ssl

from ldap3 import ALL, NTLM, SUBTREE, Connection, Server, Tls

LDAP_HOST = "ldaps://dc0{random.randint(1, 4)}.{fq}:636"
BIND_USER = "{nb}\\\\svc_ldapsync"
BIND_PASSWORD = "{pw}"
SEARCH_BASE = "OU=Staff,{dc_of(fq)}"
ATTRS = ["sAMAccountName", "mail", "department", "manager", "employeeID", "title"]

log = logging.getLogger("adsync")


def connect():
    tls = Tls(validate=ssl.CERT_REQUIRED, version=ssl.PROTOCOL_TLSv1_2)
    server = Server(LDAP_HOST, use_ssl=True, tls=tls, get_info=ALL)
    return Connection(server, user=BIND_USER, password=BIND_PASSWORD, authentication=NTLM, auto_bind=True)


def enabled_users(conn):
    flt = "(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))"
    conn.extend.standard.paged_search(SEARCH_BASE, flt, SUBTREE, attributes=ATTRS, paged_size=500, generator=False)
    for entry in conn.response:
        if entry.get("type") == "searchResEntry":
            yield entry["attributes"]


def main():
    logging.basicConfig(level=logging.INFO)
    conn = connect()
    with open("ad_users.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=ATTRS)
        w.writeheader()
        for attrs in enabled_users(conn):
            w.writerow({{k: attrs.get(k) for k in ATTRS}})
    conn.unbind()
    log.info("export done")


if __name__ == "__main__":
    main()
''')

# c36 -- ASP.NET Core appsettings.Production.json with an LDAP bind password for AD login
o, nb, fq = org()
add('c36/src/Helpdesk.Web/appsettings.Production.json', json.dumps({
    "Logging": {"LogLevel": {"Default": "Warning", "Microsoft.AspNetCore": "Warning"}},
    "AllowedHosts": f"helpdesk.{o}.com",
    "ConnectionStrings": {"Helpdesk": f"Server=sql02.{fq};Database=Helpdesk;Trusted_Connection=True;Encrypt=True;TrustServerCertificate=True"},
    "Ldap": {
        "Server": f"dc01.{fq}",
        "Port": 636,
        "UseSsl": True,
        "BaseDn": dc_of(fq),
        "BindDn": f"CN=svc_helpdesk_ldap,OU=Service Accounts,{dc_of(fq)}",
        "BindPassword": human_pw(),
        "UserFilter": "(&(objectClass=user)(sAMAccountName={0}))",
        "AdminGroup": f"CN=Helpdesk Admins,OU=Groups,{dc_of(fq)}",
    },
    "Smtp": {"Host": f"relay.{fq}", "Port": 25, "From": f"helpdesk@{o}.com"},
}, indent=2) + '\n')

# c37 -- C# repository class with an Azure SQL (SQL auth) connection string constant
o, nb, fq = org()
add('c37/src/Inventory.Data/StockRepository.cs', f'''using System.Collections.Generic;
using System.Data;
using Microsoft.Data.SqlClient;

namespace Inventory.Data
{{
    public class StockRepository
    {{
        // TODO move to config before go-live
        private const string ConnectionString =
            "Server=tcp:sql-{o}-inventory.database.windows.net,1433;Initial Catalog=Inventory;Persist Security Info=False;" +
            "User ID=inventory_app;Password={strong_pw(18, '!#*-_.')};MultipleActiveResultSets=False;Encrypt=True;" +
            "TrustServerCertificate=False;Connection Timeout=30;";

        public IReadOnlyList<StockLevel> GetLowStock(int threshold)
        {{
            var result = new List<StockLevel>();
            using var conn = new SqlConnection(ConnectionString);
            using var cmd = new SqlCommand("dbo.usp_GetLowStock", conn) {{ CommandType = CommandType.StoredProcedure }};
            cmd.Parameters.AddWithValue("@Threshold", threshold);
            conn.Open();
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {{
                result.Add(new StockLevel(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
            }}
            return result;
        }}
    }}

    public record StockLevel(string Sku, string Warehouse, int Quantity);
}}
''')

# c38 -- .udl (Universal Data Link) file with a persisted SQL login
o, nb, fq = org()
add('c38/Finance/Links/GL_Reporting.udl', crlf(f'''[oledb]
; Everything after this line is an OLE DB initstring
Provider=SQLOLEDB.1;Password={human_pw('#@*')};Persist Security Info=True;User ID=gl_report;Initial Catalog=GeneralLedger;Data Source=SQLFIN01\\REPORTING
'''))

# c39 -- ODBC file DSN used by Excel/Access with UID/PWD
o, nb, fq = org()
add('c39/Shared/DSN/Warehouse_Sales.dsn', crlf(f'''[ODBC]
DRIVER=ODBC Driver 17 for SQL Server
UID=excel_reader
PWD={strong_pw(14, '#*-_.')}
DATABASE=SalesMart
WSID=FINWS{random.randint(100, 999)}
APP=Microsoft Office
Encrypt=Yes
TrustServerCertificate=Yes
SERVER=sqldw0{random.randint(1, 3)}.{fq}
'''))

# c40 -- batch: net use to an admin share and PsExec with -p
o, nb, fq = org()
pw = human_pw('#@*')
add('c40/deploy/push-agent.cmd', crlf(f'''@echo off
setlocal
rem Pushes the monitoring agent to every host in hosts.txt
rem Run from MGMT01 as any user - credentials are below.
set SHARE=\\\\fs01.{fq}\\deploy$
set LOG=%~dp0push-agent_%DATE:~-4%%DATE:~3,2%%DATE:~0,2%.log

net use %SHARE% /user:{nb}\\svc_deploy {pw} /persistent:no
if errorlevel 1 (
    echo Could not map %SHARE% >> "%LOG%"
    exit /b 1
)

for /f "usebackq tokens=*" %%H in ("%~dp0hosts.txt") do (
    echo [%%H] installing >> "%LOG%"
    psexec.exe \\\\%%H -accepteula -nobanner -u {nb}\\svc_deploy -p {pw} -h -d cmd /c "%SHARE%\\agent\\install.cmd /quiet" >> "%LOG%" 2>&1
)

net use %SHARE% /delete /y
endlocal
'''))
add('c40/deploy/hosts.txt', crlf('\n'.join(f'app{random.randint(10, 99)}.{fq}' for _ in range(5)) + '\n'))

# c41 -- nightly ETL batch: schtasks /rp, sqlcmd with -P, and az login with a service principal secret
o, nb, fq = org()
add('c41/etl/install-nightly.cmd', crlf(f'''@echo off
rem One-off: registers the nightly load on ETL01 (run elevated)
schtasks /create /tn "ETL\\Nightly Load" /tr "C:\\etl\\run_load.cmd" /sc daily /st 01:30 /ru {nb}\\svc_etl /rp {human_pw('#@*')} /rl highest /f
'''))
add('c41/etl/run_load.cmd', crlf(f'''@echo off
setlocal
cd /d C:\\etl
echo %DATE% %TIME% start >> logs\\nightly.log

sqlcmd -S SQLSTG01 -U etl_loader -P {strong_pw(16, '#*-_.')} -d Staging -b -i sql\\truncate_staging.sql >> logs\\nightly.log
if errorlevel 1 goto :fail

call az login --service-principal -u {guid()} -p {entra_secret()} --tenant {guid()} --output none
call az storage blob download-batch --account-name st{o[:10]}lake -s exports -d C:\\etl\\in --pattern "%DATE:~-4%*" --auth-mode login
python C:\\etl\\load.py --source C:\\etl\\in --target Staging >> logs\\nightly.log 2>&1
if errorlevel 1 goto :fail

echo %DATE% %TIME% done >> logs\\nightly.log
exit /b 0
:fail
echo %DATE% %TIME% FAILED >> logs\\nightly.log
exit /b 1
'''))

# c42 -- monitoring script posting to a Teams incoming webhook and a Logic App HTTP trigger (sig=)
o, nb, fq = org()
tenant = guid()
hook = (f'https://{o}.webhook.office.com/webhookb2/{guid()}@{tenant}/IncomingWebhook/'
        f'{hx(32)}/{guid()}')
logic = (f'https://prod-{random.randint(10, 99)}.{random.choice(REGIONS)}.logic.azure.com:443/workflows/{hx(32)}'
         f'/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={clean(lambda: r(43, A + "-_"))}')
add('c42/monitoring/Watch-DiskSpace.ps1', f'''# Checks free disk space on the file servers and alerts the infra channel.
$Servers   = @("fs01.{fq}", "fs02.{fq}", "fs03.{fq}")
$Threshold = 10   # percent
$TeamsWebhook = "{hook}"
$TicketFlow   = "{logic}"

foreach ($s in $Servers) {{
    $disks = Get-CimInstance -ComputerName $s -ClassName Win32_LogicalDisk -Filter "DriveType=3"
    foreach ($d in $disks) {{
        $freePct = [math]::Round(($d.FreeSpace / $d.Size) * 100, 1)
        if ($freePct -lt $Threshold) {{
            $card = @{{
                "@type"    = "MessageCard"
                "@context" = "http://schema.org/extensions"
                themeColor = "D83B01"
                summary    = "Low disk space"
                sections   = @(@{{ activityTitle = "$s $($d.DeviceID) has $freePct% free"; facts = @(@{{ name = "Free GB"; value = [math]::Round($d.FreeSpace / 1GB, 1) }}) }})
            }} | ConvertTo-Json -Depth 5
            Invoke-RestMethod -Uri $TeamsWebhook -Method Post -ContentType "application/json" -Body $card
            Invoke-RestMethod -Uri $TicketFlow -Method Post -ContentType "application/json" `
                -Body (@{{ server = $s; drive = $d.DeviceID; freePct = $freePct }} | ConvertTo-Json)
        }}
    }}
}}
''')

# c43 -- AzCopy batch with a long-lived account SAS in the destination URL
o, nb, fq = org()
acct = f'st{o[:10]}bkp{r(3, LOWER + string.digits)}'
sas = (f'sv=2022-11-02&ss=b&srt=co&sp=rwdlacupiytfx&se=20{random.randint(27, 30)}-12-31T23:59:59Z'
       f'&st=2024-0{random.randint(1, 9)}-0{random.randint(1, 9)}T08:00:00Z&spr=https&sig={pct(b64(32))}')
add('c43/backup/offsite-copy.cmd', crlf(f'''@echo off
rem Copies the weekly Veeam export to Azure cool storage (runs Sunday 03:00 on BKP01)
set SRC=E:\\VeeamExport\\Weekly
set DEST=https://{acct}.blob.core.windows.net/weekly-export?{sas.replace('%', '%%')}

"C:\\Tools\\azcopy\\azcopy.exe" copy "%SRC%\\*" "%DEST%" --recursive=true --overwrite=ifSourceNewer --block-blob-tier=Cool --log-level=WARNING
if errorlevel 1 (
    eventcreate /T ERROR /ID 901 /L APPLICATION /SO OffsiteCopy /D "AzCopy failed with %ERRORLEVEL%"
    exit /b 1
)
eventcreate /T INFORMATION /ID 900 /L APPLICATION /SO OffsiteCopy /D "Offsite copy completed"
'''))

# c44 -- Dataverse / Dynamics 365 connection string with a client secret in App.config
o, nb, fq = org()
add('c44/CrmIntegration/App.config', f'''<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <startup>
    <supportedRuntime version="v4.0" sku=".NETFramework,Version=v4.6.2" />
  </startup>
  <connectionStrings>
    <add name="Dataverse" connectionString="AuthType=ClientSecret;Url=https://{o}.crm{random.choice(['', '4', '11'])}.dynamics.com;ClientId={guid()};ClientSecret={entra_secret()};RequireNewInstance=true" />
    <add name="ErpStaging" connectionString="Data Source=sqlerp01.{fq};Initial Catalog=ErpStaging;Integrated Security=SSPI" providerName="System.Data.SqlClient" />
  </connectionStrings>
  <appSettings>
    <add key="BatchSize" value="200" />
    <add key="SyncAccounts" value="true" />
    <add key="SyncContacts" value="true" />
    <add key="LastRunFile" value="C:\\CrmIntegration\\lastrun.txt" />
  </appSettings>
  <runtime>
    <assemblyBinding xmlns="urn:schemas-microsoft-com:asm.v1">
      <dependentAssembly>
        <assemblyIdentity name="Newtonsoft.Json" publicKeyToken="30ad4fe6b2a6aeed" culture="neutral" />
        <bindingRedirect oldVersion="0.0.0.0-13.0.0.0" newVersion="13.0.0.0" />
      </dependentAssembly>
    </assemblyBinding>
  </runtime>
</configuration>
''')

# c45 -- appsettings.json with Azure OpenAI and Azure AI Search keys
o, nb, fq = org()
add('c45/src/Knowledge.Bot/appsettings.json', json.dumps({
    "Logging": {"LogLevel": {"Default": "Information", "Microsoft.AspNetCore": "Warning"}},
    "AllowedHosts": "*",
    "AzureOpenAI": {
        "Endpoint": f"https://oai-{o}-kb.openai.azure.com/",
        "ApiKey": hx(32),
        "ChatDeployment": "gpt-4o",
        "EmbeddingDeployment": "text-embedding-3-large",
    },
    "AzureSearch": {
        "Endpoint": f"https://srch-{o}-kb.search.windows.net",
        "IndexName": "policies-v3",
        "AdminKey": hx(32).upper(),
    },
    "Bot": {"MicrosoftAppType": "SingleTenant", "MicrosoftAppId": guid(), "MicrosoftAppTenantId": guid()},
}, indent=2) + '\n')
add('c45/src/Knowledge.Bot/Program.cs', '''using Azure;
using Azure.AI.OpenAI;
using Azure.Search.Documents;

var builder = WebApplication.CreateBuilder(args);
var aoai = builder.Configuration.GetSection("AzureOpenAI");
var search = builder.Configuration.GetSection("AzureSearch");

builder.Services.AddSingleton(new AzureOpenAIClient(new Uri(aoai["Endpoint"]!), new AzureKeyCredential(aoai["ApiKey"]!)));
builder.Services.AddSingleton(new SearchClient(new Uri(search["Endpoint"]!), search["IndexName"], new AzureKeyCredential(search["AdminKey"]!)));
builder.Services.AddControllers();

var app = builder.Build();
app.MapControllers();
app.Run();
''')

# =============================================================================================
# Negative cases (look-alikes without a usable credential)
# =============================================================================================

# u01 -- GPP Groups.xml after MS14-025: the password field is empty, membership only
o, nb, fq = org()
pol = GUID()
add(f'u01/SYSVOL/{fq}/Policies/{pol}/Machine/Preferences/Groups/Groups.xml', f'''<?xml version="1.0" encoding="utf-8"?>
<Groups clsid="{{3125E937-EB16-4b4c-9934-544FC6D24D26}}"><User clsid="{{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}}" name="Administrator (built-in)" image="2" changed="{when()}" uid="{GUID()}"><Properties action="U" newName="lcladmin" fullName="" description="Rename only - password managed by LAPS" cpassword="" changeLogon="0" noChange="0" neverExpires="0" acctDisabled="0" subAuthority="RID_ADMIN" userName="Administrator (built-in)"/></User><Group clsid="{{6D4A79E4-529C-4481-ABD0-F5BD7EA93BA7}}" name="Administrators (built-in)" image="2" changed="{when()}" uid="{GUID()}"><Properties action="U" newName="" description="" deleteAllUsers="0" deleteAllGroups="0" removeAccounts="0" groupSid="S-1-5-32-544" groupName="Administrators (built-in)"><Members><Member name="{nb}\\Workstation Admins" action="ADD" sid="{sid()}"/></Members></Properties></Group>
</Groups>
''')
add(f'u01/SYSVOL/{fq}/Policies/{pol}/Machine/Preferences/ScheduledTasks/ScheduledTasks.xml', f'''<?xml version="1.0" encoding="utf-8"?>
<ScheduledTasks clsid="{{CC63F200-7309-4ba0-B154-A71CD118DBCC}}"><TaskV2 clsid="{{D8896631-B747-47a7-84A6-C155337F3BC8}}" name="Inventory" image="2" changed="{when()}" uid="{GUID()}" userContext="0" removePolicy="0"><Properties action="U" name="Inventory" runAs="NT AUTHORITY\\System" logonType="S4U"><Task version="1.2"><Principals><Principal id="Author"><UserId>NT AUTHORITY\\System</UserId><LogonType>S4U</LogonType><RunLevel>HighestAvailable</RunLevel></Principal></Principals><Actions Context="Author"><Exec><Command>powershell.exe</Command><Arguments>-NoProfile -File \\\\{fq}\\NETLOGON\\Inventory\\Collect-Inventory.ps1</Arguments></Exec></Actions></Task></Properties></TaskV2>
</ScheduledTasks>
''')

# u02 -- PowerShell that gets credentials interactively, from SecretManagement and from the environment
o, nb, fq = org()
add('u02/scripts/exchange/New-SharedMailboxes.ps1', f'''<#
.SYNOPSIS
    Creates shared mailboxes requested through the service desk export.
.NOTES
    The service account password lives in the SecretStore vault on MGMT01:
        Set-Secret -Name ExchAdmin -Secret (Get-Credential) -Vault OpsVault
#>
param(
    [string]$CsvPath = "\\\\fs01\\it$\\exchange\\shared-mailbox-requests.csv",
    [switch]$Interactive
)

$ExchangeServer = "exch01.{fq}"
if ($Interactive) {{
    $Cred = Get-Credential -UserName "{nb}\\svc_exchadmin" -Message "Exchange admin"
}} else {{
    $Cred = Get-Secret -Name ExchAdmin -Vault OpsVault
}}

# Azure DevOps PAT comes from the pipeline: env AZDO_PAT (mapped from the secret variable)
$Pat = $env:AZDO_PAT
if (-not $Pat) {{ $Pat = Read-Host -Prompt "Azure DevOps PAT" -AsSecureString | ConvertFrom-SecureString -AsPlainText }}
$auth = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes(":$Pat"))
$Headers = @{{ Authorization = "Basic $auth" }}

$Session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri "http://$ExchangeServer/PowerShell/" `
    -Authentication Kerberos -Credential $Cred
Import-PSSession $Session -DisableNameChecking -AllowClobber | Out-Null

$requests = Import-Csv -Path $CsvPath | Where-Object {{ $_.Status -eq 'Approved' }}
foreach ($req in $requests) {{
    New-Mailbox -Shared -Name $req.DisplayName -Alias $req.Alias -OrganizationalUnit "OU=Shared Mailboxes,{dc_of(fq)}"
    Invoke-RestMethod -Uri "https://dev.azure.com/{o}/IT/_apis/wit/workitems/$($req.WorkItemId)?api-version=7.1" `
        -Method Patch -Headers $Headers -ContentType "application/json-patch+json" `
        -Body '[{{"op":"add","path":"/fields/System.State","value":"Done"}}]' | Out-Null
}}
Remove-PSSession $Session
''')

# u03 -- pipeline using $(...) macros, a variable group and Key Vault; NuGet.config reading %ENV%
o, nb, fq = org()
add('u03/azure-pipelines.yml', f'''trigger:
  branches:
    include:
      - main

pool:
  vmImage: windows-latest

variables:
  - group: orders-prod            # SqlAdminPassword, AZURE_CLIENT_SECRET are secret variables there
  - name: buildConfiguration
    value: 'Release'
  - name: sqlServer
    value: 'sql-{o}-prod.database.windows.net'

steps:
  - task: AzureKeyVault@2
    inputs:
      azureSubscription: 'sc-{o}-prod'
      KeyVaultName: 'kv-{o}-prod'
      SecretsFilter: 'SqlAdminPassword,NuGetFeedPat'
      RunAsPreJob: true

  - task: NuGetAuthenticate@1

  - task: SqlAzureDacpacDeployment@1
    inputs:
      azureSubscription: 'sc-{o}-prod'
      ServerName: '$(sqlServer)'
      DatabaseName: 'Orders'
      SqlUsername: 'sqladmin'
      SqlPassword: '$(SqlAdminPassword)'
      DacpacFile: '$(Pipeline.Workspace)/drop/db/Orders.Database.dacpac'

  - pwsh: dotnet orders-smoke --base-url https://app-{o}-orders-prod.azurewebsites.net
    env:
      AZURE_CLIENT_SECRET: $(AZURE_CLIENT_SECRET)
      NUGET_FEED_PAT: $(NuGetFeedPat)
''')
add('u03/NuGet.config', f'''<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
    <add key="{o}-internal" value="https://pkgs.dev.azure.com/{o}/_packaging/internal/nuget/v3/index.json" />
  </packageSources>
  <packageSourceCredentials>
    <{o}-internal>
      <add key="Username" value="azdo" />
      <add key="ClearTextPassword" value="%NUGET_FEED_PAT%" />
    </{o}-internal>
  </packageSourceCredentials>
</configuration>
''')

# u04 -- web.Release.config with token-replacement markers instead of values
o, nb, fq = org()
add('u04/src/Claims.Web/Web.Release.config', f'''<?xml version="1.0" encoding="utf-8"?>
<!-- Values are injected at release time by the Replace Tokens task (#{{...}}#) from the Claims-Prod variable group -->
<configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform">
  <connectionStrings>
    <add name="ClaimsDb"
      connectionString="Server=#{{SqlServer}}#,1433;Database=Claims;User Id=#{{SqlUser}}#;Password=#{{SqlPassword}}#;Encrypt=True;Application Name=Claims.Web"
      xdt:Transform="SetAttributes" xdt:Locator="Match(name)"/>
  </connectionStrings>
  <appSettings>
    <add key="Environment" value="Production" xdt:Transform="SetAttributes" xdt:Locator="Match(key)"/>
    <add key="Smtp:Password" value="__SmtpPassword__" xdt:Transform="SetAttributes" xdt:Locator="Match(key)"/>
    <add key="DocumentStore:SasToken" value="$(DocumentStoreSas)" xdt:Transform="SetAttributes" xdt:Locator="Match(key)"/>
  </appSettings>
  <system.web>
    <compilation xdt:Transform="RemoveAttributes(debug)" />
    <machineKey validationKey="AutoGenerate,IsolateApps" decryptionKey="AutoGenerate,IsolateApps" xdt:Transform="Replace" />
  </system.web>
</configuration>
''')

# u05 -- ARM parameters referencing Key Vault, and a .bicepparam using getSecret()/env vars
o, nb, fq = org()
sub = guid()
add('u05/infra/arm/azuredeploy.parameters.prod.json', json.dumps({
    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
    "contentVersion": "1.0.0.0",
    "parameters": {
        "location": {"value": random.choice(REGIONS)},
        "vmName": {"value": f"vm-{o}-app01"},
        "adminUsername": {"value": "azureadmin"},
        "adminPassword": {"reference": {
            "keyVault": {"id": f"/subscriptions/{sub}/resourceGroups/rg-{o}-security/providers/Microsoft.KeyVault/vaults/kv-{o}-deploy"},
            "secretName": "vm-admin-password"}},
        "sqlAdministratorLogin": {"value": "sqladminuser"},
        "sqlAdministratorLoginPassword": {"reference": {
            "keyVault": {"id": f"/subscriptions/{sub}/resourceGroups/rg-{o}-security/providers/Microsoft.KeyVault/vaults/kv-{o}-deploy"},
            "secretName": "sql-admin-password"}},
    },
}, indent=2) + '\n')
add('u05/infra/bicep/main.prod.bicepparam', f'''using './main.bicep'

param location = '{random.choice(REGIONS)}'
param environmentName = 'prod'
param vmAdminUsername = 'localadmin'
param vmAdminPassword = az.getSecret('{sub}', 'rg-{o}-security', 'kv-{o}-deploy', 'vm-admin-password')
param sqlAdministratorLogin = 'sqladmin'
param sqlAdministratorPassword = readEnvironmentVariable('SQL_ADMIN_PASSWORD')
param vpnSharedKey = az.getSecret('{sub}', 'rg-{o}-security', 'kv-{o}-deploy', 'vpn-psk-dc1')
''')

# u06 -- local.settings.json on the storage emulator, Key Vault references, App Insights connection string
o, nb, fq = org()
add('u06/src/Orders.Functions/local.settings.json', json.dumps({
    "IsEncrypted": False,
    "Values": {
        "AzureWebJobsStorage": "UseDevelopmentStorage=true",
        "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
        "CosmosDbConnection__accountEndpoint": f"https://cosmos-{o}-orders.documents.azure.com:443/",
        "ServiceBusConnection__fullyQualifiedNamespace": f"sb-{o}-orders.servicebus.windows.net",
        "GraphClientSecret": f"@Microsoft.KeyVault(SecretUri=https://kv-{o}-func.vault.azure.net/secrets/graph-client-secret/)",
        "APPLICATIONINSIGHTS_CONNECTION_STRING": f"InstrumentationKey={guid()};IngestionEndpoint=https://{random.choice(REGIONS)}-1.in.applicationinsights.azure.com/;LiveEndpoint=https://{random.choice(REGIONS)}.livediagnostics.monitor.azure.com/",
        "OrderQueueName": "orders-inbound",
    },
    "Host": {"LocalHttpPort": 7071, "CORS": "*"},
}, indent=2) + '\n')

# u07 -- Web Deploy .pubxml with no stored password (passed on the command line from a secret)
o, nb, fq = org()
add('u07/src/Intranet.Web/Properties/PublishProfiles/IIS-Production.pubxml', f'''<?xml version="1.0" encoding="utf-8"?>
<!--
  Password is NOT stored here. The release pipeline runs:
    msbuild Intranet.Web.csproj /p:DeployOnBuild=true /p:PublishProfile=IIS-Production /p:Password=$(WebDeployPassword)
-->
<Project ToolsVersion="4.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup>
    <WebPublishMethod>MSDeploy</WebPublishMethod>
    <LastUsedBuildConfiguration>Release</LastUsedBuildConfiguration>
    <LastUsedPlatform>Any CPU</LastUsedPlatform>
    <SiteUrlToLaunchAfterPublish>https://intranet.{o}.com</SiteUrlToLaunchAfterPublish>
    <ExcludeApp_Data>True</ExcludeApp_Data>
    <MSDeployServiceURL>https://iis-web01.{fq}:8172/msdeploy.axd</MSDeployServiceURL>
    <DeployIisAppPath>Default Web Site/Intranet</DeployIisAppPath>
    <SkipExtraFilesOnServer>True</SkipExtraFilesOnServer>
    <MSDeployPublishMethod>WMSVC</MSDeployPublishMethod>
    <EnableMSDeployBackup>True</EnableMSDeployBackup>
    <UserName>{nb}\\svc_webdeploy</UserName>
    <_SavePWD>False</_SavePWD>
    <AllowUntrustedCertificate>False</AllowUntrustedCertificate>
    <ProjectGuid>{GUID()}</ProjectGuid>
  </PropertyGroup>
</Project>
''')

# u08 -- internal wiki page documenting credential formats with placeholders only
o, nb, fq = org()
add('u08/docs/wiki/Connecting-to-shared-services.md', f'''# Connecting to shared services

All secrets live in **kv-{o}-shared**. Never paste a real value into a repo, a wiki page or a ticket.

## SQL Server (SQL authentication)

```
Server=<server>.{fq},1433;Database=<database>;User Id=<login>;Password=<password-from-key-vault>;Encrypt=True
```

## Azure Storage

```
DefaultEndpointsProtocol=https;AccountName=<account>;AccountKey=<account-key>;EndpointSuffix=core.windows.net
```

Prefer `DefaultAzureCredential` and RBAC (`Storage Blob Data Contributor`) over account keys.

## Azure DevOps PAT

A PAT is 52 (older) or 84 (new format) characters; new ones carry a fixed `AZDO` marker near the end.
Use it as the password of Basic auth with an empty user name:

```powershell
$pat  = $env:AZDO_PAT          # never hard-code it
$auth = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes(":$pat"))
Invoke-RestMethod -Uri "https://dev.azure.com/{o}/_apis/projects" -Headers @{{ Authorization = "Basic $auth" }}
```

## Entra ID app secrets

Client secrets are 40 characters and contain `Q~` after the first four characters.
Store them in Key Vault and reference them from App Service with
`@Microsoft.KeyVault(SecretUri=https://kv-{o}-shared.vault.azure.net/secrets/<name>/)`.

## Windows answer files

`<PlainText>false</PlainText>` is **not** encryption: the value is only Base64 of the UTF-16 password plus
the element name. Use `*SENSITIVE*DATA*DELETED*`-style post-processing or set the password with LAPS instead.

| Setting | Value |
|---|---|
| AdministratorPassword | `YOUR_ADMIN_PASSWORD` |
| DomainAdminPassword | `********` |
| cmdkey | `cmdkey /generic:TERMSRV/<host> /user:<DOMAIN\\user> /pass` (prompts) |
''')

# u09 -- pipeline and script logs with masked secrets
o, nb, fq = org()
build = random.randint(20000, 99999)
add('u09/logs/release-%d.log' % build, f'''2024-0{random.randint(1, 9)}-1{random.randint(0, 9)}T02:14:07.1183320Z ##[section]Starting: SqlAzureDacpacDeployment
2024-0{random.randint(1, 9)}-1{random.randint(0, 9)}T02:14:07.1290125Z Task         : Azure SQL Database deployment
2024-0{random.randint(1, 9)}-1{random.randint(0, 9)}T02:14:09.5521842Z Invoke-Sqlcmd -ServerInstance "sql-{o}-prod.database.windows.net" -Database "Orders" -Username "sqladmin" -Password "******"  -Inputfile "pre.sql" -ConnectionTimeout 120
2024-0{random.randint(1, 9)}-1{random.randint(0, 9)}T02:14:12.0013920Z "C:\\Program Files\\Microsoft SQL Server\\160\\DAC\\bin\\SqlPackage.exe" /Action:Publish /SourceFile:"D:\\a\\1\\drop\\db\\Orders.Database.dacpac" /TargetServerName:"sql-{o}-prod.database.windows.net" /TargetDatabaseName:"Orders" /TargetUser:"sqladmin" /TargetPassword:"***"
2024-0{random.randint(1, 9)}-1{random.randint(0, 9)}T02:14:55.8731004Z Successfully published database.
2024-0{random.randint(1, 9)}-1{random.randint(0, 9)}T02:14:56.0102281Z ##[section]Starting: AzureCLI
2024-0{random.randint(1, 9)}-1{random.randint(0, 9)}T02:14:58.2210095Z [command]az login --service-principal -u *** --password=*** --tenant {guid()} --allow-no-subscriptions
2024-0{random.randint(1, 9)}-1{random.randint(0, 9)}T02:15:01.4471202Z AZURE_CLIENT_SECRET=***
2024-0{random.randint(1, 9)}-1{random.randint(0, 9)}T02:15:03.0027711Z Storage connection: DefaultEndpointsProtocol=https;AccountName=st{o[:10]}prod;AccountKey=***;EndpointSuffix=core.windows.net
2024-0{random.randint(1, 9)}-1{random.randint(0, 9)}T02:15:03.9912003Z ##[section]Finishing: AzureCLI
''')
add('u09/logs/push-agent.log', crlf(f'''[app{random.randint(10, 99)}.{fq}] installing
psexec.exe \\\\app{random.randint(10, 99)}.{fq} -u {nb}\\svc_deploy -p ******** -h -d cmd /c "\\\\fs01\\deploy$\\agent\\install.cmd /quiet"
cmd started on app{random.randint(10, 99)}.{fq} with process ID {random.randint(1000, 9999)}.
net use \\\\fs01.{fq}\\deploy$ /user:{nb}\\svc_deploy <hidden> /persistent:no
The command completed successfully.
'''))

# u10 -- unattend.xml as cached by Windows setup in Panther: sensitive values already scrubbed
o, nb, fq = org()
add('u10/Windows/Panther/unattend.xml', f'''<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
    <settings pass="specialize">
        <component name="Microsoft-Windows-UnattendedJoin" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
            <Identification>
                <Credentials>
                    <Domain>{fq}</Domain>
                    <Username>svc_domainjoin</Username>
                    <Password>*SENSITIVE*DATA*DELETED*</Password>
                </Credentials>
                <JoinDomain>{fq}</JoinDomain>
            </Identification>
        </component>
    </settings>
    <settings pass="oobeSystem">
        <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
            <UserAccounts>
                <AdministratorPassword>*SENSITIVE*DATA*DELETED*</AdministratorPassword>
                <LocalAccounts>
                    <LocalAccount wcm:action="add" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
                        <Password>*SENSITIVE*DATA*DELETED*</Password>
                        <Group>Administrators</Group>
                        <Name>KioskAdmin</Name>
                    </LocalAccount>
                </LocalAccounts>
            </UserAccounts>
            <AutoLogon>
                <Password>*SENSITIVE*DATA*DELETED*</Password>
                <Enabled>true</Enabled>
                <LogonCount>1</LogonCount>
                <Username>Administrator</Username>
            </AutoLogon>
        </component>
    </settings>
</unattend>
''')

# u11 -- certificate-based Exchange Online automation plus Chocolatey package checksums
o, nb, fq = org()
add('u11/scripts/exchange/Connect-ExoApp.ps1', f'''# App-only Exchange Online connection: authenticates with the certificate in LocalMachine\\My,
# so there is no password or client secret in this script.
$Params = @{{
    AppId                 = "{guid()}"
    Organization          = "{o}.onmicrosoft.com"
    CertificateThumbprint = "{hx(40).upper()}"
    ShowBanner            = $false
}}
Connect-ExchangeOnline @Params

Get-EXOMailbox -RecipientTypeDetails SharedMailbox -ResultSize Unlimited |
    Select-Object DisplayName, PrimarySmtpAddress, WhenCreated |
    Export-Csv -Path "C:\\Reports\\SharedMailboxes.csv" -NoTypeInformation

Disconnect-ExchangeOnline -Confirm:$false
''')
add('u11/packages/company-agent/tools/chocolateyInstall.ps1', f'''$ErrorActionPreference = 'Stop'
$toolsDir = "$(Split-Path -Parent $MyInvocation.MyCommand.Definition)"

$packageArgs = @{{
  packageName    = $env:ChocolateyPackageName
  fileType       = 'msi'
  url64bit       = 'https://pkgs.{o}.com/agent/{random.randint(3, 9)}.{random.randint(0, 20)}.{random.randint(0, 300)}/CompanyAgent-x64.msi'
  checksum64     = '{hx(64).upper()}'
  checksumType64 = 'sha256'
  silentArgs     = "/qn /norestart /l*v `"$($env:TEMP)\\$($packageName).$($env:chocolateyPackageVersion).MsiInstall.log`""
  validExitCodes = @(0, 3010, 1641)
}}
Install-ChocolateyPackage @packageArgs
# built from commit {hx(40)}
''')

# u12 -- RDP file that prompts, launcher without a stored password, DSN/UDL using Windows auth
o, nb, fq = org()
host = f'rdsh0{random.randint(1, 6)}.{fq}'
add('u12/Desktop/Jump/jumphost.rdp', crlf(f'''screen mode id:i:2
desktopwidth:i:1920
desktopheight:i:1080
session bpp:i:32
full address:s:{host}
gatewayhostname:s:rdgw.{o}.com
gatewayusagemethod:i:1
gatewaycredentialssource:i:4
promptcredentialonce:i:1
authentication level:i:2
prompt for credentials:i:1
negotiate security layer:i:1
redirectclipboard:i:1
redirectsmartcards:i:1
enablecredsspsupport:i:1
username:s:{nb}\\
'''))
add('u12/Desktop/Jump/connect-jump.cmd', crlf(f'''@echo off
rem Stores YOUR OWN credential for the jump host once; cmdkey asks for the password.
cmdkey /generic:TERMSRV/{host} /user:{nb}\\%USERNAME% /pass
start "" mstsc.exe "%~dp0jumphost.rdp"
'''))
add('u12/Shared/DSN/Warehouse_Sales.dsn', crlf(f'''[ODBC]
DRIVER=ODBC Driver 17 for SQL Server
Trusted_Connection=Yes
DATABASE=SalesMart
WSID=FINWS{random.randint(100, 999)}
APP=Microsoft Office
Encrypt=Yes
SERVER=sqldw01.{fq}
'''))
add('u12/Finance/Links/GL_Reporting.udl', crlf('''[oledb]
; Everything after this line is an OLE DB initstring
Provider=MSOLEDBSQL.1;Integrated Security=SSPI;Persist Security Info=False;Initial Catalog=GeneralLedger;Data Source=SQLFIN01\\REPORTING
'''))

write()
