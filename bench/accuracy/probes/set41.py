# Usage: python3 set41.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 41 (stop 30): enterprise and legacy applications: Java EE, .NET, PHP, on-premise middleware
from common import A, HEX, B62, start, r, hx, ck, add, write
start()
import base64, random  # noqa: E402  (seeded by start() above)

UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
LO = 'abcdefghijklmnopqrstuvwxyz'
DG = '0123456789'
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password123')
WORDS = ['Winter', 'Summer', 'Spring', 'Autumn', 'Falcon', 'Tiger', 'Phoenix', 'Dragon', 'Monday',
         'Sunshine', 'Harley', 'Yankees', 'Bluesky', 'Orion', 'Mustang', 'Chelsea', 'Rainbow',
         'Liberty', 'Kodiak', 'Marlin', 'Cobalt', 'Granite', 'Sparrow', 'Thunder', 'Welcome',
         'Maple', 'Hunter', 'Voyager', 'Raptor', 'Copper', 'Zeppelin', 'Buster', 'Gandalf',
         'Panther', 'Seattle', 'Denver', 'Bismarck', 'Atlas', 'Nimbus', 'Cheetah']


def clean(f):
    """Redraws until the value holds none of the forbidden words."""
    while True:
        v = f()
        if not any(b in v.lower() for b in BAD):
            return v


def dig(n):
    return r(n, DG)


def hpw(sym='!#$@*'):
    """A password as a human makes one: Season2019!, Tiger#4471, BlueskyMaple42$ ..."""
    def f():
        w = random.choice(WORDS)
        k = random.randint(0, 4)
        s = random.choice(sym) if sym else ''
        if k == 0:
            return w + str(random.randint(2004, 2024)) + s
        if k == 1:
            return w + s + dig(random.randint(2, 4))
        if k == 2:
            return w + random.choice(WORDS).lower() + dig(2) + s
        if k == 3:
            m = {'o': '0', 'e': '3', 'i': '1'}
            if '@' in sym:
                m['a'] = '@'
            if '$' in sym:
                m['s'] = '$'
            return w[0] + ''.join(m.get(c, c) for c in w[1:]) + dig(random.randint(2, 4))
        return w.upper()[:1] + w[1:] + dig(1) + random.choice(WORDS)[:3].lower() + s + dig(2)
    return clean(f)


def rpw(n=16, sym='!#$*-_+=@.'):
    """A generated password: a letter first, then letters, digits and the symbols the syntax allows."""
    return clean(lambda: r(1, UP + LO) + r(n - 1, A + sym * 2))


def rb(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(n):
    return base64.b64encode(rb(n)).decode()


def b64u(n):
    return base64.urlsafe_b64encode(rb(n)).decode().rstrip('=')


def guid():
    return f'{hx(8)}-{hx(4)}-4{hx(3)}-{random.choice("89ab")}{hx(3)}-{hx(12)}'


def tok(n, al=A):
    return clean(lambda: r(n, al))


def aws_id():
    return 'AKIA' + r(16, UP + '234567')


def aws_secret():
    return clean(lambda: r(40, A + '+/'))


def sendgrid():
    return clean(lambda: 'SG.' + r(22, A + '-_') + '.' + r(43, A + '-_'))


def slack_hook():
    return ('https://hooks.slack.com/services/T' + r(8, UP + DG) + '/B' + r(random.choice([8, 10]), UP + DG)
            + '/' + tok(24))


def azure_key():
    return b64(64)


def wp_salt():
    return clean(lambda: r(64, A + '!@#$%^&*()-_[]{}<>~`+=,.;:/?|'))


def xor_was(p):
    """WebSphere {xor} encoding: each byte XOR '_' then base64."""
    return '{xor}' + base64.b64encode(bytes(c ^ 0x5F for c in p.encode())).decode()


def unattend_enc(p, suffix):
    """Windows unattend 'PlainText=false' encoding: base64 of UTF-16LE(password + element name)."""
    return base64.b64encode((p + suffix).encode('utf-16-le')).decode()


def yr():
    return str(random.randint(2006, 2016))


def date():
    return f'{yr()}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}'


# ---------------------------------------------------------------- positives: .NET and Java EE servers
p_sa = rpw(14, '!#*-_+@.')
p_smtp = hpw('!#*@')
add('c01/Halvorsen.Intranet.Web/Web.config', f'''<?xml version="1.0" encoding="utf-8"?>
<!--
  For more information on how to configure your ASP.NET application, please visit
  http://go.microsoft.com/fwlink/?LinkId=169433
  -->
<configuration>
  <configSections>
    <section name="log4net" type="log4net.Config.Log4NetConfigurationSectionHandler, log4net" />
  </configSections>
  <connectionStrings>
    <add name="IntranetDb" connectionString="Data Source=SQLPRD02\\INTRANET;Initial Catalog=Intranet;User ID=sa;Password={p_sa};MultipleActiveResultSets=True" providerName="System.Data.SqlClient" />
    <add name="ReportingDb" connectionString="Data Source=SQLPRD02\\INTRANET;Initial Catalog=Reporting;User ID=sa;Password={p_sa}" providerName="System.Data.SqlClient" />
  </connectionStrings>
  <appSettings>
    <add key="webpages:Version" value="1.0.0.0" />
    <add key="ClientValidationEnabled" value="true" />
    <add key="SmtpHost" value="mail.halvorsen-logistics.no" />
    <add key="SmtpUser" value="intranet@halvorsen-logistics.no" />
    <add key="SmtpPassword" value="{p_smtp}" />
    <add key="DocumentRoot" value="\\\\fs01\\intranet$\\documents" />
  </appSettings>
  <system.web>
    <compilation debug="false" targetFramework="4.0" />
    <authentication mode="Forms">
      <forms loginUrl="~/Account/Login.aspx" timeout="2880" />
    </authentication>
    <machineKey validationKey="{hx(128).upper()}" decryptionKey="{hx(48).upper()}" validation="SHA1" decryption="3DES" />
    <customErrors mode="RemoteOnly" defaultRedirect="~/Error.aspx" />
    <sessionState mode="InProc" timeout="30" />
  </system.web>
  <system.webServer>
    <modules runAllManagedModulesForAllRequests="true" />
  </system.webServer>
</configuration>
''')

p_ora = rpw(12, '_#')
p_ews = hpw('!#@')
add('c02/src/Meridian.ClaimsImport.Service/App.config', f'''<?xml version="1.0"?>
<configuration>
  <configSections>
    <sectionGroup name="applicationSettings" type="System.Configuration.ApplicationSettingsGroup, System, Version=2.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089">
      <section name="Meridian.ClaimsImport.Service.Properties.Settings" type="System.Configuration.ClientSettingsSection, System, Version=2.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089" requirePermission="false"/>
    </sectionGroup>
  </configSections>
  <connectionStrings>
    <add name="ClaimsDb" connectionString="Data Source=(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=oraprd-scan.meridianmutual.com)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=CLAIMSP)));User Id=CLAIMS_APP;Password={p_ora};" providerName="Oracle.DataAccess.Client"/>
  </connectionStrings>
  <applicationSettings>
    <Meridian.ClaimsImport.Service.Properties.Settings>
      <setting name="PollIntervalSeconds" serializeAs="String">
        <value>300</value>
      </setting>
      <setting name="ExchangeUrl" serializeAs="String">
        <value>https://mail.meridianmutual.com/EWS/Exchange.asmx</value>
      </setting>
      <setting name="MailboxUser" serializeAs="String">
        <value>svc_claimsimport</value>
      </setting>
      <setting name="MailboxPassword" serializeAs="String">
        <value>{p_ews}</value>
      </setting>
      <setting name="MailboxDomain" serializeAs="String">
        <value>MERIDIAN</value>
      </setting>
    </Meridian.ClaimsImport.Service.Properties.Settings>
  </applicationSettings>
  <startup><supportedRuntime version="v4.0" sku=".NETFramework,Version=v4.0"/></startup>
</configuration>
''')

p_db3 = rpw(20, '!#*-_+@.')
acct3 = 'brightwaterdocs' + dig(2)
add('c03/Brightwater.Portal.Api/appsettings.Production.json', f'''{{
  "Logging": {{
    "LogLevel": {{
      "Default": "Warning",
      "Microsoft.AspNetCore": "Warning"
    }}
  }},
  "AllowedHosts": "*",
  "ConnectionStrings": {{
    "PortalDb": "Server=tcp:bw-sql-prod.database.windows.net,1433;Initial Catalog=portal;Persist Security Info=False;User ID=portaladmin;Password={p_db3};MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;",
    "Documents": "DefaultEndpointsProtocol=https;AccountName={acct3};AccountKey={azure_key()};EndpointSuffix=core.windows.net"
  }},
  "Jwt": {{
    "Issuer": "https://portal.brightwaterfoods.com",
    "Audience": "bw-portal",
    "SigningKey": "{tok(48)}",
    "ExpiryMinutes": 60
  }},
  "SendGrid": {{
    "ApiKey": "{sendgrid()}",
    "FromAddress": "no-reply@brightwaterfoods.com"
  }}
}}
''')

p_ctx = hpw('!#*@')
add('c04/WebContent/META-INF/context.xml', f'''<?xml version="1.0" encoding="UTF-8"?>
<Context antiJARLocking="true" path="/kestrel-tracking">
    <!-- JNDI datasource, see WEB-INF/web.xml resource-ref jdbc/TrackingDB -->
    <Resource name="jdbc/TrackingDB" auth="Container" type="javax.sql.DataSource"
              maxActive="50" maxIdle="10" maxWait="10000"
              username="tracking" password="{p_ctx}"
              driverClassName="com.mysql.jdbc.Driver"
              url="jdbc:mysql://db01.kestrelfreight.local:3306/tracking?autoReconnect=true&amp;useUnicode=true&amp;characterEncoding=UTF-8"
              validationQuery="SELECT 1" testOnBorrow="true"/>
    <WatchedResource>WEB-INF/web.xml</WatchedResource>
</Context>
''')

p_mgr = rpw(12, '!#*-_.')
p_dep = hpw('!#*')
add('c05/tomcat/conf/tomcat-users.xml', f'''<?xml version='1.0' encoding='utf-8'?>
<!--
  Licensed to the Apache Software Foundation (ASF) under one or more
  contributor license agreements.  See the NOTICE file distributed with
  this work for additional information regarding copyright ownership.
-->
<tomcat-users>
<!--
  NOTE:  By default, no user is included in the "manager-gui" role required
  to operate the "/manager/html" web application.  If you wish to use this app,
  you must define such a user - the username and password are arbitrary.
-->
<!--
  <role rolename="tomcat"/>
  <role rolename="role1"/>
  <user username="tomcat" password="<must-be-changed>" roles="tomcat"/>
-->
  <role rolename="manager-gui"/>
  <role rolename="manager-script"/>
  <role rolename="admin-gui"/>
  <user username="tcadmin" password="{p_mgr}" roles="manager-gui,admin-gui"/>
  <user username="jenkins-deploy" password="{p_dep}" roles="manager-script"/>
</tomcat-users>
''')

p_ks = hpw('!#*')
p_realm = rpw(16, '!#*-_.')
add('c06/tomcat/conf/server.xml', f'''<?xml version='1.0' encoding='utf-8'?>
<Server port="8005" shutdown="SHUTDOWN">
  <Listener className="org.apache.catalina.core.AprLifecycleListener" SSLEngine="on" />
  <Listener className="org.apache.catalina.core.JasperListener" />
  <Listener className="org.apache.catalina.core.JreMemoryLeakPreventionListener" />
  <Listener className="org.apache.catalina.mbeans.GlobalResourcesLifecycleListener" />

  <GlobalNamingResources>
    <Resource name="UserDatabase" auth="Container"
              type="org.apache.catalina.UserDatabase"
              description="User database that can be updated and saved"
              factory="org.apache.catalina.users.MemoryUserDatabaseFactory"
              pathname="conf/tomcat-users.xml" />
  </GlobalNamingResources>

  <Service name="Catalina">
    <Connector port="8080" protocol="HTTP/1.1"
               connectionTimeout="20000"
               redirectPort="8443" />

    <Connector port="8443" protocol="HTTP/1.1" SSLEnabled="true"
               maxThreads="150" scheme="https" secure="true"
               keystoreFile="/opt/tomcat/conf/ashford-portal.jks" keystorePass="{p_ks}"
               clientAuth="false" sslProtocol="TLS" />

    <Connector port="8009" protocol="AJP/1.3" redirectPort="8443" />

    <Engine name="Catalina" defaultHost="localhost" jvmRoute="node1">
      <Realm className="org.apache.catalina.realm.JDBCRealm"
             driverName="oracle.jdbc.driver.OracleDriver"
             connectionURL="jdbc:oracle:thin:@orasrv03.ashford.gov.local:1521:PORTAL"
             connectionName="portal_auth" connectionPassword="{p_realm}"
             userTable="APP_USERS" userNameCol="USER_NAME" userCredCol="USER_PASS"
             userRoleTable="APP_USER_ROLES" roleNameCol="ROLE_NAME" digest="SHA" />

      <Host name="localhost"  appBase="webapps"
            unpackWARs="true" autoDeploy="true">
        <Valve className="org.apache.catalina.valves.AccessLogValve" directory="logs"
               prefix="localhost_access_log." suffix=".txt"
               pattern="%h %l %u %t &quot;%r&quot; %s %b" />
      </Host>
    </Engine>
  </Service>
</Server>
''')

p_jb = rpw(14, '!#*-_+.')
p_jbm = hpw('!#*@')
add('c07/wildfly/standalone/configuration/standalone-full.xml', f'''<?xml version='1.0' encoding='UTF-8'?>

<server xmlns="urn:jboss:domain:1.7">
    <extensions>
        <extension module="org.jboss.as.connector"/>
        <extension module="org.jboss.as.mail"/>
        <extension module="org.jboss.as.naming"/>
    </extensions>
    <profile>
        <subsystem xmlns="urn:jboss:domain:datasources:1.2">
            <datasources>
                <datasource jndi-name="java:jboss/datasources/PolicyDS" pool-name="PolicyDS" enabled="true" use-java-context="true">
                    <connection-url>jdbc:oracle:thin:@ora-policy-prd.northgate.int:1521/POLPRD</connection-url>
                    <driver>oracle</driver>
                    <pool>
                        <min-pool-size>5</min-pool-size>
                        <max-pool-size>40</max-pool-size>
                    </pool>
                    <security>
                        <user-name>POLICY_OWNER</user-name>
                        <password>{p_jb}</password>
                    </security>
                    <validation>
                        <valid-connection-checker class-name="org.jboss.jca.adapters.jdbc.extensions.oracle.OracleValidConnectionChecker"/>
                        <stale-connection-checker class-name="org.jboss.jca.adapters.jdbc.extensions.oracle.OracleStaleConnectionChecker"/>
                    </validation>
                </datasource>
                <drivers>
                    <driver name="oracle" module="com.oracle.ojdbc6">
                        <xa-datasource-class>oracle.jdbc.xa.client.OracleXADataSource</xa-datasource-class>
                    </driver>
                </drivers>
            </datasources>
        </subsystem>
        <subsystem xmlns="urn:jboss:domain:mail:1.2">
            <mail-session name="java:jboss/mail/Default" jndi-name="java:jboss/mail/Default">
                <smtp-server outbound-socket-binding-ref="mail-smtp" ssl="true" username="policy-notify@northgate-ins.com" password="{p_jbm}"/>
            </mail-session>
        </subsystem>
    </profile>
    <socket-binding-group name="standard-sockets" default-interface="public" port-offset="${{jboss.socket.binding.port-offset:0}}">
        <socket-binding name="http" port="8080"/>
        <outbound-socket-binding name="mail-smtp">
            <remote-destination host="smtp.northgate-ins.com" port="465"/>
        </outbound-socket-binding>
    </socket-binding-group>
</server>
''')

add('c08/domains/corvalis_domain/servers/AdminServer/security/boot.properties', f'''# Generated by Configuration Wizard on {date()}
username=weblogic
password={hpw('!#')}
''')

p_wl = hpw('!#')
p_wlds = rpw(14, '_#')
add('c09/wlst/create_datasources.py', f'''# WLST script - creates the ERP datasources on the corvalis cluster
# run with: $WL_HOME/common/bin/wlst.sh create_datasources.py
import sys

adminURL = 't3://wlsadm01.corvalis-health.local:7001'
adminUser = 'weblogic'
adminPassword = '{p_wl}'

dsName = 'ERPDataSource'
dsJNDIName = 'jdbc/ERPDS'
dsURL = 'jdbc:oracle:thin:@erpdb-vip.corvalis-health.local:1521/ERPPRD'
dsDriver = 'oracle.jdbc.xa.client.OracleXADataSource'
dsUser = 'ERP_APP'
dsPassword = '{p_wlds}'
targetCluster = 'ERPCluster'

connect(adminUser, adminPassword, adminURL)
edit()
startEdit()

cd('/')
cmo.createJDBCSystemResource(dsName)
cd('/JDBCSystemResources/' + dsName + '/JDBCResource/' + dsName)
cmo.setName(dsName)

cd('/JDBCSystemResources/' + dsName + '/JDBCResource/' + dsName + '/JDBCDataSourceParams/' + dsName)
set('JNDINames', jarray.array([String(dsJNDIName)], String))

cd('/JDBCSystemResources/' + dsName + '/JDBCResource/' + dsName + '/JDBCDriverParams/' + dsName)
cmo.setUrl(dsURL)
cmo.setDriverName(dsDriver)
cmo.setPassword(dsPassword)

cd('/JDBCSystemResources/' + dsName + '/JDBCResource/' + dsName + '/JDBCDriverParams/' + dsName + '/Properties/' + dsName)
cmo.createProperty('user')
cd('/JDBCSystemResources/' + dsName + '/JDBCResource/' + dsName + '/JDBCDriverParams/' + dsName + '/Properties/' + dsName + '/Properties/user')
cmo.setValue(dsUser)

cd('/JDBCSystemResources/' + dsName)
set('Targets', jarray.array([ObjectName('com.bea:Name=' + targetCluster + ',Type=Cluster')], ObjectName))

save()
activate()
disconnect()
exit()
''')

p_was = hpw('!#*')
add('c10/WebSphere/AppServer/profiles/Dmgr01/properties/soap.client.props', f'''#-------------------------------------------------------------------------
# soap.client.props
#
# This file contains properties used by the SOAP connector client.
#-------------------------------------------------------------------------

#------------------------------------------------------------------------------
# SOAP Request Timeout
#------------------------------------------------------------------------------
com.ibm.SOAP.requestTimeout=180

#------------------------------------------------------------------------------
# SOAP Client Security Enablement
#
# - security enabled status ( false[default], true )
#------------------------------------------------------------------------------
com.ibm.SOAP.securityEnabled=true

#------------------------------------------------------------------------------
# - authenticationTarget ( BasicAuth[default], KRB5. These are the only supported selection
#   on a pure client for JMX SOAP Connector Client. )
#------------------------------------------------------------------------------
com.ibm.SOAP.authenticationTarget=BasicAuth

com.ibm.SOAP.loginUserid=wasadmin
com.ibm.SOAP.loginPassword={xor_was(p_was)}

#------------------------------------------------------------------------------
# Prompt for user and password when these properties are not set above
#------------------------------------------------------------------------------
com.ibm.SOAP.loginSource=prompt

#------------------------------------------------------------------------------
# SOAP Client Configuration
#------------------------------------------------------------------------------
com.ibm.SOAP.ConfigURL=file:/opt/IBM/WebSphere/AppServer/profiles/Dmgr01/properties/soap.client.props
''')

p_sp = rpw(16, '!#*-_.@')
p_spm = hpw('!#*@')
p_ldap = rpw(18, '!#*-_.')
add('c11/billing-service/src/main/resources/application-prod.properties', f'''# ===============================
# = DATA SOURCE
# ===============================
spring.datasource.url=jdbc:sqlserver://sqlclu01.teller-pryce.local:1433;databaseName=Billing
spring.datasource.username=billing_svc
spring.datasource.password={p_sp}
spring.datasource.driver-class-name=com.microsoft.sqlserver.jdbc.SQLServerDriver
spring.datasource.tomcat.max-active=30
spring.datasource.tomcat.test-on-borrow=true
spring.datasource.tomcat.validation-query=SELECT 1

# ===============================
# = JPA / HIBERNATE
# ===============================
spring.jpa.show-sql=false
spring.jpa.hibernate.ddl-auto=validate
spring.jpa.properties.hibernate.dialect=org.hibernate.dialect.SQLServer2012Dialect

# ===============================
# = MAIL
# ===============================
spring.mail.host=smtp.office365.com
spring.mail.port=587
spring.mail.username=billing-noreply@teller-pryce.com
spring.mail.password={p_spm}
spring.mail.properties.mail.smtp.auth=true
spring.mail.properties.mail.smtp.starttls.enable=true

# ===============================
# = LDAP (Active Directory)
# ===============================
ldap.urls=ldap://dc01.teller-pryce.local:389/
ldap.base.dn=DC=teller-pryce,DC=local
ldap.username=CN=svc_billing_ldap,OU=Service Accounts,DC=teller-pryce,DC=local
ldap.password={p_ldap}
ldap.user.dn.pattern=sAMAccountName={{0}}

server.port=8443
server.ssl.key-store=classpath:keystore.p12
server.ssl.key-store-password={hpw('!#*')}
server.ssl.key-store-type=PKCS12
''')

p_dbcp = hpw('!#*')
p_jm = rpw(16, '!#*-_.')
add('c12/ordermgmt-web/src/main/webapp/WEB-INF/applicationContext.xml', f'''<?xml version="1.0" encoding="UTF-8"?>
<beans xmlns="http://www.springframework.org/schema/beans"
       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
       xmlns:context="http://www.springframework.org/schema/context"
       xmlns:tx="http://www.springframework.org/schema/tx"
       xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans-3.0.xsd
           http://www.springframework.org/schema/context http://www.springframework.org/schema/context/spring-context-3.0.xsd
           http://www.springframework.org/schema/tx http://www.springframework.org/schema/tx/spring-tx-3.0.xsd">

    <context:component-scan base-package="com.kestrelfreight.ordermgmt" />
    <tx:annotation-driven transaction-manager="transactionManager" />

    <bean id="dataSource" class="org.apache.commons.dbcp.BasicDataSource" destroy-method="close">
        <property name="driverClassName" value="org.postgresql.Driver" />
        <property name="url" value="jdbc:postgresql://pgprod01.kestrelfreight.local:5432/ordermgmt" />
        <property name="username" value="ordermgmt" />
        <property name="password" value="{p_dbcp}" />
        <property name="maxActive" value="25" />
        <property name="validationQuery" value="SELECT 1" />
    </bean>

    <bean id="sessionFactory" class="org.springframework.orm.hibernate3.annotation.AnnotationSessionFactoryBean">
        <property name="dataSource" ref="dataSource" />
        <property name="packagesToScan" value="com.kestrelfreight.ordermgmt.domain" />
        <property name="hibernateProperties">
            <props>
                <prop key="hibernate.dialect">org.hibernate.dialect.PostgreSQLDialect</prop>
                <prop key="hibernate.show_sql">false</prop>
            </props>
        </property>
    </bean>

    <bean id="transactionManager" class="org.springframework.orm.hibernate3.HibernateTransactionManager">
        <property name="sessionFactory" ref="sessionFactory" />
    </bean>

    <bean id="mailSender" class="org.springframework.mail.javamail.JavaMailSenderImpl">
        <property name="host" value="smtp.kestrelfreight.com" />
        <property name="port" value="25" />
        <property name="username" value="orders@kestrelfreight.com" />
        <property name="password" value="{p_jm}" />
        <property name="javaMailProperties">
            <props>
                <prop key="mail.smtp.auth">true</prop>
            </props>
        </property>
    </bean>
</beans>
''')

add('c13/hr-core/src/main/resources/hibernate.cfg.xml', f'''<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE hibernate-configuration PUBLIC
        "-//Hibernate/Hibernate Configuration DTD 3.0//EN"
        "http://hibernate.sourceforge.net/hibernate-configuration-3.0.dtd">

<hibernate-configuration>
    <session-factory>
        <!-- Database connection settings -->
        <property name="connection.driver_class">com.mysql.jdbc.Driver</property>
        <property name="connection.url">jdbc:mysql://mysql-hr.ashford.gov.local:3306/hrcore</property>
        <property name="connection.username">hrcore_app</property>
        <property name="connection.password">{hpw('!#*@')}</property>

        <!-- JDBC connection pool (c3p0) -->
        <property name="hibernate.c3p0.min_size">5</property>
        <property name="hibernate.c3p0.max_size">20</property>
        <property name="hibernate.c3p0.timeout">300</property>

        <!-- SQL dialect -->
        <property name="dialect">org.hibernate.dialect.MySQL5InnoDBDialect</property>
        <property name="current_session_context_class">thread</property>
        <property name="cache.provider_class">org.hibernate.cache.NoCacheProvider</property>
        <property name="show_sql">false</property>
        <property name="hbm2ddl.auto">validate</property>

        <mapping resource="gov/ashford/hr/model/Employee.hbm.xml"/>
        <mapping resource="gov/ashford/hr/model/Department.hbm.xml"/>
        <mapping resource="gov/ashford/hr/model/LeaveRequest.hbm.xml"/>
    </session-factory>
</hibernate-configuration>
''')

add('c14/claims-ejb/src/main/resources/META-INF/persistence.xml', f'''<?xml version="1.0" encoding="UTF-8"?>
<persistence version="2.0" xmlns="http://java.sun.com/xml/ns/persistence"
             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
             xsi:schemaLocation="http://java.sun.com/xml/ns/persistence http://java.sun.com/xml/ns/persistence/persistence_2_0.xsd">
    <persistence-unit name="claimsPU" transaction-type="RESOURCE_LOCAL">
        <provider>org.eclipse.persistence.jpa.PersistenceProvider</provider>
        <class>com.meridianmutual.claims.entity.Claim</class>
        <class>com.meridianmutual.claims.entity.Policy</class>
        <class>com.meridianmutual.claims.entity.Adjuster</class>
        <properties>
            <property name="javax.persistence.jdbc.driver" value="com.ibm.db2.jcc.DB2Driver"/>
            <property name="javax.persistence.jdbc.url" value="jdbc:db2://db2prd.meridianmutual.com:50000/CLAIMS"/>
            <property name="javax.persistence.jdbc.user" value="clmapp"/>
            <property name="javax.persistence.jdbc.password" value="{rpw(8, '')}"/>
            <property name="eclipselink.logging.level" value="WARNING"/>
            <property name="eclipselink.target-database" value="DB2"/>
        </properties>
    </persistence-unit>
</persistence>
''')

p_l4j = hpw('!#*')
add('c15/webapp/WEB-INF/classes/log4j.properties', f'''# Root logger option
log4j.rootLogger=INFO, file, DB

# Direct log messages to a log file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=/var/log/tomcat6/pricing.log
log4j.appender.file.MaxFileSize=10MB
log4j.appender.file.MaxBackupIndex=10
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=%d{{yyyy-MM-dd HH:mm:ss}} %-5p %c{{1}}:%L - %m%n

# Audit trail to the AUDIT_LOG table (requested by compliance, ticket OPS-{dig(4)})
log4j.appender.DB=org.apache.log4j.jdbc.JDBCAppender
log4j.appender.DB.Threshold=WARN
log4j.appender.DB.URL=jdbc:oracle:thin:@oradev02.brightwaterfoods.local:1521:PRICING
log4j.appender.DB.driver=oracle.jdbc.driver.OracleDriver
log4j.appender.DB.user=PRICING_LOG
log4j.appender.DB.password={p_l4j}
log4j.appender.DB.sql=INSERT INTO AUDIT_LOG (LOG_DATE, LOGGER, LOG_LEVEL, MESSAGE) VALUES (SYSDATE, '%c', '%p', '%m')
log4j.appender.DB.layout=org.apache.log4j.PatternLayout

log4j.logger.org.hibernate=WARN
log4j.logger.org.springframework=WARN
''')

salts = {k: wp_salt() for k in ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY',
                                 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT']}
salt_lines = '\n'.join(f"define('{k}',{' ' * (17 - len(k))}'{v}');" for k, v in salts.items())
add('c16/www/corporate-site/wp-config.php', f'''<?php
/**
 * The base configurations of the WordPress.
 *
 * This file has the following configurations: MySQL settings, Table Prefix,
 * Secret Keys, WordPress Language, and ABSPATH. You can find more information
 * by visiting {{@link http://codex.wordpress.org/Editing_wp-config.php Editing
 * wp-config.php}} Codex page. You can get the MySQL settings from your web host.
 *
 * @package WordPress
 */

// ** MySQL settings - You can get this info from your web host ** //
/** The name of the database for WordPress */
define('DB_NAME', 'northgate_wp');

/** MySQL database username */
define('DB_USER', 'ngwp_admin');

/** MySQL database password */
define('DB_PASSWORD', '{rpw(16, '!#*-_.@')}');

/** MySQL hostname */
define('DB_HOST', 'mysql02.northgate-ins.com');

/** Database Charset to use in creating database tables. */
define('DB_CHARSET', 'utf8');

/** The Database Collate type. Don't change this if in doubt. */
define('DB_COLLATE', '');

/**#@+
 * Authentication Unique Keys and Salts.
 *
 * Change these to different unique phrases!
 * You can generate these using the {{@link https://api.wordpress.org/secret-key/1.1/salt/ WordPress.org secret-key service}}
 *
 * @since 2.6.0
 */
{salt_lines}

/**#@-*/

$table_prefix  = 'wp_';

define('WPLANG', '');
define('WP_DEBUG', false);
define('FS_METHOD', 'direct');

/* That's all, stop editing! Happy blogging. */

/** Absolute path to the WordPress directory. */
if ( !defined('ABSPATH') )
	define('ABSPATH', dirname(__FILE__) . '/');

/** Sets up WordPress vars and included files. */
require_once(ABSPATH . 'wp-settings.php');
''')


# ---------------------------------------------------------------- positives: PHP, classic ASP, scripts
add('c17/htdocs/sites/default/settings.php', f'''<?php

/**
 * @file
 * Drupal site-specific configuration file.
 *
 * IMPORTANT NOTE:
 * This file may have been set to read-only by the Drupal installation program.
 * If you make changes to this file, be sure to protect it again after making
 * your modifications. Failure to remove write permissions to this file is a
 * security risk.
 */

$databases = array (
  'default' =>
  array (
    'default' =>
    array (
      'database' => 'ashford_d7',
      'username' => 'ashford_d7',
      'password' => '{rpw(18, '!#*-_.@')}',
      'host' => 'mysql-web01.ashford.gov.local',
      'port' => '',
      'driver' => 'mysql',
      'prefix' => '',
    ),
  ),
);

$update_free_access = FALSE;

/**
 * Salt for one-time login links and cancel links, form tokens, etc.
 */
$drupal_hash_salt = '{b64u(32)}';

ini_set('session.gc_probability', 1);
ini_set('session.gc_divisor', 100);
ini_set('session.gc_maxlifetime', 200000);
ini_set('session.cookie_lifetime', 2000000);

$conf['404_fast_paths_exclude'] = '/\\/(?:styles)\\//';
$conf['404_fast_paths'] = '/\\.(?:txt|png|gif|jpe?g|css|js|ico|swf|flv|cgi|bat|pl|dll|exe|asp)$/i';
$conf['404_fast_html'] = '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>';

// Mailgun module (outgoing mail for webforms)
$conf['mailgun_api_key'] = 'key-{hx(32)}';
$conf['mailgun_domain'] = 'mg.ashford.gov';
''')

add('c18/public_html/configuration.php', f'''<?php
class JConfig {{
	public $offline = '0';
	public $offline_message = 'This site is down for maintenance.<br /> Please check back again soon.';
	public $display_offline_message = '1';
	public $sitename = 'Kestrel Freight';
	public $editor = 'tinymce';
	public $captcha = '0';
	public $list_limit = '20';
	public $access = '1';
	public $debug = '0';
	public $debug_lang = '0';
	public $dbtype = 'mysqli';
	public $host = 'localhost';
	public $user = 'kestrel_jml';
	public $password = '{hpw('!#*@$')}';
	public $db = 'kestrel_joomla';
	public $dbprefix = 'kf3x_';
	public $live_site = '';
	public $secret = '{tok(16)}';
	public $gzip = '0';
	public $error_reporting = 'default';
	public $helpurl = 'https://help.joomla.org/proxy/index.php?keyref=Help{{major}}{{minor}}:{{keyref}}';
	public $ftp_host = '127.0.0.1';
	public $ftp_port = '21';
	public $ftp_user = 'kestrelweb';
	public $ftp_pass = '{rpw(12, '!#*-_.')}';
	public $ftp_root = '/public_html';
	public $ftp_enable = '1';
	public $offset = 'Europe/London';
	public $mailonline = '1';
	public $mailer = 'smtp';
	public $mailfrom = 'webmaster@kestrelfreight.co.uk';
	public $fromname = 'Kestrel Freight';
	public $sendmail = '/usr/sbin/sendmail';
	public $smtpauth = '1';
	public $smtpuser = 'webmaster@kestrelfreight.co.uk';
	public $smtppass = '{hpw('!#*@')}';
	public $smtphost = 'smtp.kestrelfreight.co.uk';
	public $smtpsecure = 'ssl';
	public $smtpport = '465';
	public $caching = '0';
	public $cache_handler = 'file';
	public $cachetime = '15';
	public $MetaDesc = 'Kestrel Freight - UK and European road haulage';
	public $MetaKeys = '';
	public $MetaTitle = '1';
	public $MetaAuthor = '1';
	public $sef = '1';
	public $sef_rewrite = '1';
	public $sef_suffix = '0';
	public $log_path = '/home/kestrel/public_html/administrator/logs';
	public $tmp_path = '/home/kestrel/public_html/tmp';
	public $lifetime = '15';
	public $session_handler = 'database';
}}
''')

add('c19/application/config/database.php', f'''<?php  if ( ! defined('BASEPATH')) exit('No direct script access allowed');
/*
| -------------------------------------------------------------------
| DATABASE CONNECTIVITY SETTINGS
| -------------------------------------------------------------------
| This file will contain the settings needed to access your database.
|
| For complete instructions please consult the 'Database Connection'
| page of the User Guide.
*/

$active_group = ENVIRONMENT == 'production' ? 'production' : 'default';
$active_record = TRUE;

$db['default']['hostname'] = 'localhost';
$db['default']['username'] = 'root';
$db['default']['password'] = '';
$db['default']['database'] = 'fleet_dev';
$db['default']['dbdriver'] = 'mysql';
$db['default']['dbprefix'] = '';
$db['default']['pconnect'] = TRUE;
$db['default']['db_debug'] = TRUE;
$db['default']['cache_on'] = FALSE;
$db['default']['cachedir'] = '';
$db['default']['char_set'] = 'utf8';
$db['default']['dbcollat'] = 'utf8_general_ci';
$db['default']['swap_pre'] = '';
$db['default']['autoinit'] = TRUE;
$db['default']['stricton'] = FALSE;

$db['production']['hostname'] = '10.{random.randint(10, 40)}.{random.randint(1, 254)}.{random.randint(2, 250)}';
$db['production']['username'] = 'fleet_web';
$db['production']['password'] = '{hpw('!#*@$')}';
$db['production']['database'] = 'fleet';
$db['production']['dbdriver'] = 'mysqli';
$db['production']['dbprefix'] = '';
$db['production']['pconnect'] = FALSE;
$db['production']['db_debug'] = FALSE;
$db['production']['cache_on'] = FALSE;
$db['production']['cachedir'] = '';
$db['production']['char_set'] = 'utf8';
$db['production']['dbcollat'] = 'utf8_general_ci';
$db['production']['swap_pre'] = '';
$db['production']['autoinit'] = TRUE;
$db['production']['stricton'] = FALSE;

/* End of file database.php */
/* Location: ./application/config/database.php */
''')

add('c20/app/config/parameters.yml', f'''# This file is auto-generated during the composer install
parameters:
    database_driver: pdo_mysql
    database_host: db-shop.brightwaterfoods.local
    database_port: 3306
    database_name: bw_shop
    database_user: bw_shop
    database_password: '{rpw(20, '!#*-_.@')}'
    mailer_transport: smtp
    mailer_host: smtp.mandrillapp.com
    mailer_user: ops@brightwaterfoods.com
    mailer_password: {tok(22, A + '-_')}
    locale: en
    secret: {hx(40)}
    stripe_publishable_key: pk_live_{tok(24)}
    stripe_secret_key: sk_live_{tok(24)}
    aws_s3_key: {aws_id()}
    aws_s3_secret: {aws_secret()}
    aws_s3_bucket: bw-shop-media
''')

p_asp = rpw(12, '!#*-_.@')
add('c21/wwwroot/includes/conn.asp', f'''<%
'*****************************************************
'* Database connection include - Ashford Parks booking
'* Created {date()}  by R. Pennington
'*****************************************************
Dim objConn, strConn
strConn = "Provider=SQLOLEDB;Data Source=ASHSQL01;Initial Catalog=ParkBookings;User ID=webbook;Password={p_asp};"

Set objConn = Server.CreateObject("ADODB.Connection")
objConn.ConnectionTimeout = 30
objConn.CommandTimeout = 60
objConn.Open strConn

Sub CloseConn()
    If IsObject(objConn) Then
        If objConn.State = 1 Then objConn.Close
        Set objConn = Nothing
    End If
End Sub

Function SafeSQL(strIn)
    SafeSQL = Replace(strIn, "'", "''")
End Function
%>
''')

p_vbs = hpw('!#*@')
p_cdo = rpw(14, '!#*-_.@')
add('c22/scripts/NightlyExport.vbs', f'''' NightlyExport.vbs
' Exports yesterday's shipments to CSV and mails them to the finance team.
' Scheduled on APPSRV04 (Task Scheduler, 02:15 daily)

Option Explicit

Const adOpenStatic = 3
Const adLockReadOnly = 1
Const cdoSendUsingPort = 2
Const cdoBasic = 1

Dim conn, rs, fso, outFile, sql, fileName, msg

fileName = "D:\\Exports\\shipments_" & Year(Date - 1) & Right("0" & Month(Date - 1), 2) & Right("0" & Day(Date - 1), 2) & ".csv"

Set conn = CreateObject("ADODB.Connection")
conn.Open "Driver={{SQL Server}};Server=SQLPRD01;Database=Shipping;Uid=export_user;Pwd={p_vbs};"

sql = "SELECT ShipmentNo, CustomerNo, ShipDate, Weight, Charge FROM dbo.Shipments WHERE ShipDate = CONVERT(date, GETDATE() - 1)"
Set rs = CreateObject("ADODB.Recordset")
rs.Open sql, conn, adOpenStatic, adLockReadOnly

Set fso = CreateObject("Scripting.FileSystemObject")
Set outFile = fso.CreateTextFile(fileName, True)
outFile.WriteLine "ShipmentNo,CustomerNo,ShipDate,Weight,Charge"
Do While Not rs.EOF
    outFile.WriteLine rs("ShipmentNo") & "," & rs("CustomerNo") & "," & rs("ShipDate") & "," & rs("Weight") & "," & rs("Charge")
    rs.MoveNext
Loop
outFile.Close
rs.Close
conn.Close

Set msg = CreateObject("CDO.Message")
msg.Subject = "Nightly shipment export " & Date
msg.From = "reports@kestrelfreight.co.uk"
msg.To = "finance@kestrelfreight.co.uk"
msg.TextBody = "Attached: yesterday's shipments."
msg.AddAttachment fileName
With msg.Configuration.Fields
    .Item("http://schemas.microsoft.com/cdo/configuration/sendusing") = cdoSendUsingPort
    .Item("http://schemas.microsoft.com/cdo/configuration/smtpserver") = "smtp.kestrelfreight.co.uk"
    .Item("http://schemas.microsoft.com/cdo/configuration/smtpserverport") = 25
    .Item("http://schemas.microsoft.com/cdo/configuration/smtpauthenticate") = cdoBasic
    .Item("http://schemas.microsoft.com/cdo/configuration/sendusername") = "reports@kestrelfreight.co.uk"
    .Item("http://schemas.microsoft.com/cdo/configuration/sendpassword") = "{p_cdo}"
    .Update
End With
msg.Send
''')

p_ps = rpw(16, '!#*-_+=@.')
oct_key = 'API-' + tok(26, UP + DG)
add('c23/deploy/Deploy-ClaimsPortal.ps1', f'''<#
.SYNOPSIS
    Deploys the Claims Portal to the IIS web farm and registers the release in Octopus.
.NOTES
    Author : j.okafor
    Run from the build server (BLD01) as CORP\\svc_deploy
#>
param(
    [string]$Version = "1.0.0",
    [string[]]$Servers = @("WEB01", "WEB02", "WEB03")
)

$ErrorActionPreference = "Stop"
$OctopusUrl = "https://octopus.meridianmutual.com"
$OctopusApiKey = "{oct_key}"

$user = "MERIDIAN\\svc_deploy"
$pass = ConvertTo-SecureString "{p_ps}" -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential($user, $pass)

foreach ($server in $Servers) {{
    Write-Host "Deploying $Version to $server"
    Invoke-Command -ComputerName $server -Credential $cred -ScriptBlock {{
        param($v)
        Import-Module WebAdministration
        Stop-WebAppPool -Name "ClaimsPortal"
        robocopy "\\\\BLD01\\drops\\ClaimsPortal\\$v" "D:\\inetpub\\ClaimsPortal" /MIR /XF web.config /NFL /NDL
        Start-WebAppPool -Name "ClaimsPortal"
    }} -ArgumentList $Version
}}

$headers = @{{ "X-Octopus-ApiKey" = $OctopusApiKey }}
$body = @{{ ProjectId = "Projects-21"; Version = $Version }} | ConvertTo-Json
Invoke-RestMethod -Uri "$OctopusUrl/api/releases" -Method Post -Headers $headers -Body $body -ContentType "application/json"
''')

p_ssis = rpw(14, '!#*-_.@')
add('c24/SSIS/Finance_ETL/Config/DW_Load.dtsConfig', f'''<?xml version="1.0"?><DTSConfiguration><DTSConfigurationHeading><DTSConfigurationFileInfo GeneratedBy="NORTHGATE\\dwalsh" GeneratedFromPackageName="DW_Load" GeneratedFromPackageID="{{{guid().upper()}}}" GeneratedDate="{random.randint(1, 12)}/{random.randint(1, 28)}/{yr()} 3:41:07 PM"/></DTSConfigurationHeading><Configuration ConfiguredType="Property" Path="\\Package.Connections[STAGING].Properties[ConnectionString]" ValueType="String"><ConfiguredValue>Data Source=DWSQL01;User ID=etl_loader;Password={p_ssis};Initial Catalog=Staging;Provider=SQLNCLI10.1;Persist Security Info=True;Auto Translate=False;</ConfiguredValue></Configuration><Configuration ConfiguredType="Property" Path="\\Package.Connections[DW].Properties[ConnectionString]" ValueType="String"><ConfiguredValue>Data Source=DWSQL01;User ID=etl_loader;Password={p_ssis};Initial Catalog=FinanceDW;Provider=SQLNCLI10.1;Persist Security Info=True;Auto Translate=False;</ConfiguredValue></Configuration><Configuration ConfiguredType="Property" Path="\\Package.Connections[FTP_Bank].Properties[ServerPassword]" ValueType="String"><ConfiguredValue>{hpw('!#*')}</ConfiguredValue></Configuration><Configuration ConfiguredType="Property" Path="\\Package.Connections[FTP_Bank].Properties[ServerUserName]" ValueType="String"><ConfiguredValue>northgate_fin</ConfiguredValue></Configuration></DTSConfiguration>
''')


# ---------------------------------------------------------------- positives: middleware, ODBC, LDAP, SAP, Oracle, MQ
add('c25/etc/odbc.ini', f'''; /etc/odbc.ini  -- unixODBC system DSNs for the reporting box (rpt01)
; managed by hand, NOT by puppet. Ask DBA team before changing.

[ODBC Data Sources]
WAREHOUSE = FreeTDS driver for MSSQL warehouse
LEGACY_INFORMIX = Informix legacy billing
POLICYDB = Oracle policy admin

[WAREHOUSE]
Driver          = FreeTDS
Description     = MSSQL data warehouse
Server          = dwsql01.northgate.int
Port            = 1433
Database        = EDW
TDS_Version     = 7.2
UID             = rpt_reader
PWD             = {rpw(14, '!#*-_.@')}

[LEGACY_INFORMIX]
Driver          = /opt/IBM/informix/lib/cli/iclit09b.so
Description     = Billing (IDS 11.50)
Database        = billing
LogonID         = informix_rpt
pwd             = {hpw('!#*@')}
Servername      = ids_billing_tcp
CursorBehavior  = 0

[POLICYDB]
Driver          = /usr/lib/oracle/11.2/client64/lib/libsqora.so.11.1
Description     = Oracle policy admin (read only)
ServerName      = POLPRD
UserID          = POL_RO
Password        = {rpw(12, '_#')}
''')

p_ldapj = rpw(16, '!#*-_.@')
add('c26/portal-auth/src/main/java/com/corvalis/portal/auth/LdapAuthenticator.java', f'''package com.corvalis.portal.auth;

import java.util.Hashtable;

import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;

import org.apache.log4j.Logger;

/**
 * Authenticates portal users against Active Directory.
 * First binds with the service account to find the user's DN, then re-binds as the user.
 */
public class LdapAuthenticator {{

    private static final Logger LOG = Logger.getLogger(LdapAuthenticator.class);

    private static final String LDAP_URL = "ldaps://ad.corvalis-health.local:636";
    private static final String BASE_DN = "OU=Staff,DC=corvalis-health,DC=local";
    private static final String BIND_DN = "CN=svc_portal_ldap,OU=Service Accounts,DC=corvalis-health,DC=local";
    private static final String BIND_PASSWORD = "{p_ldapj}";

    public boolean authenticate(String username, String password) {{
        if (password == null || password.length() == 0) {{
            return false; // AD allows anonymous bind with empty password
        }}
        try {{
            String userDn = findUserDn(username);
            if (userDn == null) {{
                return false;
            }}
            DirContext ctx = new InitialDirContext(env(userDn, password));
            ctx.close();
            return true;
        }} catch (NamingException e) {{
            LOG.info("LDAP authentication failed for " + username + ": " + e.getMessage());
            return false;
        }}
    }}

    private String findUserDn(String username) throws NamingException {{
        DirContext ctx = new InitialDirContext(env(BIND_DN, BIND_PASSWORD));
        try {{
            SearchControls sc = new SearchControls();
            sc.setSearchScope(SearchControls.SUBTREE_SCOPE);
            NamingEnumeration<SearchResult> results =
                ctx.search(BASE_DN, "(sAMAccountName={{0}})", new Object[] {{ username }}, sc);
            return results.hasMore() ? results.next().getNameInNamespace() : null;
        }} finally {{
            ctx.close();
        }}
    }}

    private Hashtable<String, String> env(String principal, String credentials) {{
        Hashtable<String, String> env = new Hashtable<String, String>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, LDAP_URL);
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, principal);
        env.put(Context.SECURITY_CREDENTIALS, credentials);
        return env;
    }}
}}
''')

add('c27/sap-connector/config/ERP_PRD.jcoDestination', f'''#for tests only !
#Mon {random.choice(['Mar', 'Jun', 'Sep', 'Nov'])} {random.randint(10, 28)} 09:14:52 CET {yr()}
jco.client.lang=en
jco.destination.peak_limit=10
jco.client.client={random.choice(['100', '200', '300', '800'])}
jco.client.passwd={hpw('!#*@$')}
jco.client.user=RFC_HALVOR
jco.destination.pool_capacity=3
jco.client.ashost=sapprd-ci.halvorsen.local
jco.client.sysnr=00
jco.client.saprouter=/H/saprouter.halvorsen.no/S/3299/H/
''')

p_ora1 = rpw(12, '_#')
p_ora2 = rpw(10, '_#')
add('c28/batch/bin/nightly_extract.sh', f'''#!/bin/ksh
#############################################################################
# nightly_extract.sh - extract GL postings for the mainframe interface
# cron (oracle@dbprd03): 30 1 * * 1-5 /u01/app/batch/bin/nightly_extract.sh
#############################################################################
export ORACLE_HOME=/u01/app/oracle/product/10.2.0/db_1
export ORACLE_SID=FINPRD
export PATH=$ORACLE_HOME/bin:$PATH
export NLS_DATE_FORMAT='YYYY-MM-DD HH24:MI:SS'

OUT=/u01/app/batch/out
LOG=/u01/app/batch/log/nightly_extract_`date +%Y%m%d`.log
RUNDATE=`date +%Y%m%d`

echo "Start: `date`" >> $LOG

sqlplus -s GL_EXTRACT/{p_ora1}@FINPRD <<EOF >> $LOG
SET PAGESIZE 0 FEEDBACK OFF HEADING OFF TRIMSPOOL ON LINESIZE 400
SPOOL $OUT/gl_postings_$RUNDATE.dat
SELECT account_no||'|'||cost_centre||'|'||TO_CHAR(amount,'FM9999999990.00')||'|'||posting_ref
  FROM gl_postings
 WHERE posting_date = TRUNC(SYSDATE) - 1;
SPOOL OFF
EXIT
EOF

# weekly export of the interface schema (Sundays)
if [ `date +%u` -eq 7 ]; then
    exp userid=GLIF_OWNER/{p_ora2}@FINPRD owner=GLIF_OWNER file=$OUT/glif_$RUNDATE.dmp log=$OUT/glif_$RUNDATE.log
fi

echo "End: `date`" >> $LOG
''')

add('c29/order-router/conf/mq.properties', f'''# IBM WebSphere MQ connection for the order router (JMS client mode)
mq.hostName=mqprd01.teller-pryce.local
mq.port=1414
mq.queueManager=QM_ORDERS_PRD
mq.channel=ORDERS.SVRCONN
mq.transportType=1
mq.ccsid=1208
mq.userID=ordrtr
mq.password={rpw(12, '!#*-_.@')}
mq.sslCipherSuite=SSL_RSA_WITH_AES_128_CBC_SHA
mq.sslKeyStore=/opt/order-router/conf/mqclient.jks
mq.sslKeyStorePassword={hpw('!#*')}

queue.inbound=ORDERS.IN
queue.outbound=ORDERS.OUT.WMS
queue.backout=ORDERS.BACKOUT
queue.maxBackoutCount=5
''')

p_ftp = rpw(12, '#-_.@')
add('c30/batch/send_payroll.bat', f'''@echo off
REM ===========================================================
REM  send_payroll.bat - uploads the payroll file to the bureau
REM  Scheduled task on FIN02, runs every second Thursday 06:00
REM ===========================================================
setlocal
set FTPHOST=ftp.paybureau-uk.com
set FTPUSER=ASHF0091
set FTPPASS={p_ftp}
set SRC=E:\\Payroll\\Outbound
set ARCH=E:\\Payroll\\Archive

if not exist %SRC%\\PAY*.txt goto nofiles

echo open %FTPHOST%> "%TEMP%\\ftpcmd.txt"
echo %FTPUSER%>> "%TEMP%\\ftpcmd.txt"
echo %FTPPASS%>> "%TEMP%\\ftpcmd.txt"
echo binary>> "%TEMP%\\ftpcmd.txt"
echo cd /inbound>> "%TEMP%\\ftpcmd.txt"
echo lcd %SRC%>> "%TEMP%\\ftpcmd.txt"
echo mput PAY*.txt>> "%TEMP%\\ftpcmd.txt"
echo bye>> "%TEMP%\\ftpcmd.txt"

ftp -i -s:"%TEMP%\\ftpcmd.txt" > E:\\Payroll\\Logs\\ftp_%DATE:~-4%%DATE:~3,2%%DATE:~0,2%.log
del "%TEMP%\\ftpcmd.txt"
move /Y %SRC%\\PAY*.txt %ARCH%\\
goto end

:nofiles
echo No payroll files to send.

:end
endlocal
''')

p_scp = rpw(14, '-_.')
hk = ':'.join(hx(2) for _ in range(16))
add('c31/Interfaces/Bank/upload_statements.txt', f'''# WinSCP script - run by upload_statements.cmd
#   "C:\\Program Files (x86)\\WinSCP\\WinSCP.com" /log=D:\\Interfaces\\Bank\\winscp.log /script=upload_statements.txt
option batch abort
option confirm off
open sftp://brightwater_h2h:{p_scp}@sftp.h2h.nordbank.com:22/ -hostkey="ssh-rsa 2048 {hk}"
cd /upload/payments
put D:\\Interfaces\\Bank\\Outbound\\*.xml
get /download/statements/*.mt940 D:\\Interfaces\\Bank\\Inbound\\
rm /download/statements/*.mt940
close
exit
''')

p_adm = hpw('!#*@')
p_auto = hpw('!#*@')
p_join = rpw(16, '!#*-_.@')
add('c32/Deploy/Unattend/KIOSK-Win7-x64.xml', f'''<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
    <settings pass="specialize">
        <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <ComputerName>*</ComputerName>
            <RegisteredOrganization>Ashford Borough Council</RegisteredOrganization>
            <TimeZone>GMT Standard Time</TimeZone>
        </component>
        <component name="Microsoft-Windows-UnattendedJoin" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <Identification>
                <Credentials>
                    <Domain>ASHFORD</Domain>
                    <Username>svc_domainjoin</Username>
                    <Password>{p_join}</Password>
                </Credentials>
                <JoinDomain>ashford.gov.local</JoinDomain>
                <MachineObjectOU>OU=Kiosks,OU=Workstations,DC=ashford,DC=gov,DC=local</MachineObjectOU>
            </Identification>
        </component>
    </settings>
    <settings pass="oobeSystem">
        <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <AutoLogon>
                <Password>
                    <Value>{p_auto}</Value>
                    <PlainText>true</PlainText>
                </Password>
                <Enabled>true</Enabled>
                <Username>kiosk</Username>
                <LogonCount>9999999</LogonCount>
            </AutoLogon>
            <OOBE>
                <HideEULAPage>true</HideEULAPage>
                <NetworkLocation>Work</NetworkLocation>
                <ProtectYourPC>3</ProtectYourPC>
            </OOBE>
            <UserAccounts>
                <AdministratorPassword>
                    <Value>{unattend_enc(p_adm, 'AdministratorPassword')}</Value>
                    <PlainText>false</PlainText>
                </AdministratorPassword>
                <LocalAccounts>
                    <LocalAccount wcm:action="add">
                        <Password>
                            <Value>{p_auto}</Value>
                            <PlainText>true</PlainText>
                        </Password>
                        <Description>Kiosk auto-logon account</Description>
                        <DisplayName>Kiosk</DisplayName>
                        <Group>Users</Group>
                        <Name>kiosk</Name>
                    </LocalAccount>
                </LocalAccounts>
            </UserAccounts>
        </component>
    </settings>
    <cpi:offlineImage cpi:source="wim:d:/sources/install.wim#Windows 7 ENTERPRISE" xmlns:cpi="urn:schemas-microsoft-com:cpi" />
</unattend>
''')


# ---------------------------------------------------------------- positives: Windows ops, config management, build
p_task = rpw(16, '#-_.@+')
add('c33/ops/tasks/install_tasks.cmd', f'''@echo off
rem Recreates the scheduled tasks on the application server after a rebuild.
rem Must be run elevated. Tasks run as the batch service account.

set RUNAS=MERIDIAN\\svc_batch
set RUNASPW={p_task}

schtasks /Delete /TN "Meridian\\ClaimsImport" /F >nul 2>&1
schtasks /Create /TN "Meridian\\ClaimsImport" /TR "D:\\Apps\\ClaimsImport\\Meridian.ClaimsImport.exe /once" /SC MINUTE /MO 15 /RU %RUNAS% /RP %RUNASPW% /RL HIGHEST /F

schtasks /Delete /TN "Meridian\\PurgeTemp" /F >nul 2>&1
schtasks /Create /TN "Meridian\\PurgeTemp" /TR "powershell.exe -NoProfile -File D:\\Scripts\\Purge-Temp.ps1" /SC DAILY /ST 03:30 /RU %RUNAS% /RP %RUNASPW% /F

schtasks /Create /TN "Meridian\\ReindexDocs" /TR "D:\\Scripts\\reindex.cmd" /SC WEEKLY /D SUN /ST 01:00 /RU MERIDIAN\\svc_docidx /RP {hpw('#@')} /F

echo Done.
''')

add('c34/ansible/inventories/production/group_vars/all.yml', f'''---
# Production-wide variables for the on-prem estate (DC1 + DC2)
ntp_servers:
  - ntp1.corvalis-health.local
  - ntp2.corvalis-health.local

domain_name: corvalis-health.local
ad_join_user: svc_ansible_join
ad_join_password: "{rpw(18, '!#*-_.@')}"

ansible_user: ansible
ansible_become: true
ansible_become_pass: "{hpw('!#*@')}"

# Oracle client on app servers
oracle_client_version: 12.1.0.2
tns_admin: /etc/oracle

# Monitoring
zabbix_server: zbx01.corvalis-health.local
slack_alert_webhook: {slack_hook()}

# JBoss EAP
jboss_admin_user: jbadmin
jboss_admin_password: "{hpw('!#*')}"
jboss_datasources:
  - name: PatientDS
    url: jdbc:oracle:thin:@pasdb-scan.corvalis-health.local:1521/PASPRD
    user: PAS_APP
    password: "{rpw(14, '_#')}"
''')

add('c35/puppet/hieradata/common.yaml', f'''---
classes:
  - profile::base
  - profile::monitoring

profile::base::timezone: 'Europe/Oslo'
profile::base::admin_users:
  - oknudsen
  - pberg

mysql::server::root_password: '{rpw(20, '!#*-_.@')}'
mysql::server::override_options:
  mysqld:
    bind-address: '0.0.0.0'
    max_connections: '500'

profile::backup::s3_bucket: 'halvorsen-onprem-backups'
profile::backup::aws_access_key_id: '{aws_id()}'
profile::backup::aws_secret_access_key: '{aws_secret()}'

profile::monitoring::nagios_server: 'nagios.halvorsen.local'
profile::app::tomcat::manager_password: '{hpw('!#*')}'
''')

cpw = base64.b64encode(rb(random.choice([32, 48]))).decode().rstrip('=')
pol = guid().upper()
add(f'c36/SYSVOL/northgate.int/Policies/{{{pol}}}/Machine/Preferences/Groups/Groups.xml',
    f'''<?xml version="1.0" encoding="utf-8"?>
<Groups clsid="{{3125E937-EB16-4b4c-9934-544FC6D24D26}}"><User clsid="{{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}}" name="NGLocalAdmin" image="2" changed="{date()} 10:{random.randint(10, 59)}:{random.randint(10, 59)}" uid="{{{guid().upper()}}}"><Properties action="U" newName="" fullName="Northgate Local Admin" description="Local admin for desktop support" cpassword="{cpw}" changeLogon="0" noChange="1" neverExpires="1" acctDisabled="0" userName="NGLocalAdmin"/></User><Group clsid="{{6D4A79E4-529C-4481-ABD0-F5BD7EA93BA7}}" name="Administrators (built-in)" image="2" changed="{date()} 10:{random.randint(10, 59)}:{random.randint(10, 59)}" uid="{{{guid().upper()}}}"><Properties action="U" newName="" description="" deleteAllUsers="0" deleteAllGroups="0" removeAccounts="0" groupSid="S-1-5-32-544" groupName="Administrators (built-in)"><Members><Member name="NORTHGATE\\Desktop Support" action="ADD" sid=""/><Member name="NGLocalAdmin" action="ADD" sid=""/></Members></Properties></Group></Groups>
''')

add('c37/NuGet.Config', f'''<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
    <add key="TellerPryce" value="https://pkgs.dev.azure.com/tellerpryce/_packaging/TellerPryce/nuget/v3/index.json" />
    <add key="LegacyFeed" value="http://nuget.teller-pryce.local/nuget" />
  </packageSources>
  <packageSourceCredentials>
    <TellerPryce>
      <add key="Username" value="build@teller-pryce.com" />
      <add key="ClearTextPassword" value="{r(52, LO + '234567')}" />
    </TellerPryce>
    <LegacyFeed>
      <add key="Username" value="TELLERPRYCE\\svc_nuget" />
      <add key="ClearTextPassword" value="{hpw('!#*@')}" />
    </LegacyFeed>
  </packageSourceCredentials>
  <apikeys>
    <add key="https://www.nuget.org/api/v2/package" value="oy2{r(43, LO + DG)}" />
  </apikeys>
</configuration>
''')

ARTIFACTORY_KEY_PREFIX = 'AKCp'  # a variable, so that the template does not read as a password
add('c38/.m2/settings.xml', f'''<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.0.0 http://maven.apache.org/xsd/settings-1.0.0.xsd">
  <localRepository>/data/m2repo</localRepository>
  <servers>
    <server>
      <id>kestrel-releases</id>
      <username>deployer</username>
      <password>{ARTIFACTORY_KEY_PREFIX}{random.choice('5678')}{tok(68)}</password>
    </server>
    <server>
      <id>kestrel-snapshots</id>
      <username>deployer</username>
      <password>{hpw('!#*')}</password>
    </server>
    <server>
      <id>tomcat-uat</id>
      <username>jenkins-deploy</username>
      <password>{rpw(14, '!#*-_.')}</password>
    </server>
  </servers>
  <mirrors>
    <mirror>
      <id>artifactory</id>
      <mirrorOf>*</mirrorOf>
      <url>https://artifactory.kestrelfreight.local/artifactory/libs-release</url>
    </mirror>
  </mirrors>
  <proxies>
    <proxy>
      <id>corp-proxy</id>
      <active>true</active>
      <protocol>http</protocol>
      <host>proxy.kestrelfreight.local</host>
      <port>8080</port>
      <username>svc_build</username>
      <password>{hpw('!#*')}</password>
      <nonProxyHosts>*.kestrelfreight.local|localhost</nonProxyHosts>
    </proxy>
  </proxies>
</settings>
''')

site = 'ashford-parks'
pwd_pub = tok(60)
add(f'c39/Ashford.Parks.Web/{site}.PublishSettings', f'''<publishData><publishProfile profileName="{site} - Web Deploy" publishMethod="MSDeploy" publishUrl="{site}.scm.azurewebsites.net:443" msdeploySite="{site}" userName="${site}" userPWD="{pwd_pub}" destinationAppUrl="http://{site}.azurewebsites.net" SQLServerDBConnectionString="" mySQLDBConnectionString="" hostingProviderForumLink="" controlPanelLink="http://windows.azure.com" webSystem="WebSites"><databases /></publishProfile><publishProfile profileName="{site} - FTP" publishMethod="FTP" publishUrl="ftp://waws-prod-am2-0{dig(2)}.ftp.azurewebsites.windows.net/site/wwwroot" ftpPassiveMode="True" userName="{site}\\${site}" userPWD="{pwd_pub}" destinationAppUrl="http://{site}.azurewebsites.net" SQLServerDBConnectionString="" mySQLDBConnectionString="" hostingProviderForumLink="" controlPanelLink="http://windows.azure.com" webSystem="WebSites"><databases /></publishProfile></publishData>''')

p_cs = hpw('!#*@')
add('c40/src/Halvorsen.Notifications/EmailService.cs', f'''using System;
using System.Net;
using System.Net.Mail;
using Twilio;
using Twilio.Rest.Api.V2010.Account;

namespace Halvorsen.Notifications
{{
    /// <summary>
    /// Sends delivery notifications by e-mail and SMS.
    /// TODO: move credentials to config (HL-{dig(3)})
    /// </summary>
    public class EmailService
    {{
        private const string SmtpHost = "smtp.halvorsen-logistics.no";
        private const string SmtpUser = "notifications@halvorsen-logistics.no";
        private const string SmtpPass = "{p_cs}";

        private const string TwilioAccountSid = "AC{hx(32)}";
        private const string TwilioAuthToken = "{hx(32)}";
        private const string TwilioFrom = "+4759{dig(6)}";

        public void SendEmail(string to, string subject, string body)
        {{
            using (var client = new SmtpClient(SmtpHost, 587))
            {{
                client.EnableSsl = true;
                client.Credentials = new NetworkCredential(SmtpUser, SmtpPass);
                var msg = new MailMessage(SmtpUser, to, subject, body) {{ IsBodyHtml = true }};
                client.Send(msg);
            }}
        }}

        public void SendSms(string to, string text)
        {{
            TwilioClient.Init(TwilioAccountSid, TwilioAuthToken);
            MessageResource.Create(
                body: text,
                from: new Twilio.Types.PhoneNumber(TwilioFrom),
                to: new Twilio.Types.PhoneNumber(to));
        }}
    }}
}}
''')


# ---------------------------------------------------------------- positives: agents, keys, migrations, farm setup, Ant
add('c41/pricing-engine/newrelic/newrelic.yml', f'''# This file configures the New Relic Agent.  New Relic monitors
# Java applications with deep visibility and low overhead.  For more details and additional
# configuration options visit https://docs.newrelic.com/docs/java/java-agent-configuration.
#
# This configuration file is custom generated for Brightwater Foods
#
# This section is for settings common to all environments.
# Do not add anything above this next line.
common: &default_settings

  # ============================== LICENSE KEY ===============================
  # You must specify the license key associated with your New Relic
  # account.  This key binds your Agent's data to your account in the
  # New Relic service.
  license_key: '{hx(40)}'

  # Agent Enabled
  agent_enabled: true

  # Set the name of your application as you'd like it show up in New Relic.
  app_name: Pricing Engine (PROD)

  # The agent uses its own log file to keep its logging
  # separate from that of your application.
  log_level: info
  log_file_name: newrelic_agent.log

  # Proxy settings for connecting to the New Relic server.
  proxy_host: proxy.brightwaterfoods.local
  proxy_port: 3128
  proxy_user: svc_newrelic
  proxy_password: {hpw('#*@')}

  high_security: false

  transaction_tracer:
    enabled: true
    record_sql: obfuscated

development:
  <<: *default_settings
  app_name: Pricing Engine (Development)

production:
  <<: *default_settings
''')


def ppk_rsa(comment):
    def mpint(b):
        if b[0] & 0x80:
            b = b'\x00' + b
        return len(b).to_bytes(4, 'big') + b
    def s(b):
        return len(b).to_bytes(4, 'big') + b
    n = bytes([rb(1)[0] | 0x80]) + rb(255)
    pub = s(b'ssh-rsa') + mpint(b'\x25') + mpint(n)
    d = bytes([rb(1)[0] & 0x7f | 0x40]) + rb(255)
    p = bytes([rb(1)[0] | 0xc0]) + rb(127)
    q = bytes([rb(1)[0] | 0xc0]) + rb(127)
    iq = bytes([rb(1)[0] & 0x7f | 0x10]) + rb(127)
    prv = mpint(d) + mpint(p) + mpint(q) + mpint(iq)
    pl = base64.b64encode(pub).decode()
    vl = base64.b64encode(prv).decode()
    pl = [pl[i:i + 64] for i in range(0, len(pl), 64)]
    vl = [vl[i:i + 64] for i in range(0, len(vl), 64)]
    return ('PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: ' + comment + '\n'
            + f'Public-Lines: {len(pl)}\n' + '\n'.join(pl) + '\n'
            + f'Private-Lines: {len(vl)}\n' + '\n'.join(vl) + '\n'
            + f'Private-MAC: {hx(40)}\n')


add('c42/Interfaces/EDI/keys/edi_sftp_prod.ppk', ppk_rsa(f'rsa-key-{date().replace("-", "")}'))

add('c43/db-migrations/conf/flyway.conf', f'''# Flyway configuration for the Policy Admin schema
# Usage: flyway -configFile=conf/flyway.conf migrate

flyway.url=jdbc:oracle:thin:@//ora-policy-prd.northgate.int:1521/POLPRD
flyway.user=POLICY_OWNER
flyway.password={rpw(14, '_#')}
flyway.schemas=POLICY_OWNER
flyway.locations=filesystem:sql/policy
flyway.table=SCHEMA_VERSION
flyway.baselineOnMigrate=true
flyway.baselineVersion=4.2
flyway.outOfOrder=false
flyway.validateOnMigrate=true
flyway.placeholders.tablespace_data=POLICY_DATA
flyway.placeholders.tablespace_index=POLICY_IDX
flyway.placeholders.report_user=POL_RO
''')

p_farm = hpw('!#*@')
p_passphrase = rpw(20, '!#*-_+=@.')
p_app = rpw(16, '!#*-_+=@.')
add('c44/SharePoint/Install/01-Create-Farm.ps1', f'''# ==============================================================================
# 01-Create-Farm.ps1 - SharePoint 2010 farm creation (Teller Pryce intranet)
# Run on SPAPP01 as TELLERPRYCE\\sp_install
# ==============================================================================
Add-PSSnapin Microsoft.SharePoint.PowerShell -ErrorAction SilentlyContinue

$DbServer        = "SPSQL01\\SHAREPOINT"
$ConfigDb        = "SP2010_Config"
$AdminContentDb  = "SP2010_AdminContent"
$CentralAdminPort = 2013

# Farm account
$FarmAccount  = "TELLERPRYCE\\sp_farm"
$FarmPassword = "{p_farm}"
$FarmCred = New-Object System.Management.Automation.PSCredential $FarmAccount, (ConvertTo-SecureString $FarmPassword -AsPlainText -Force)

# Farm passphrase (needed to join additional servers - keep safe!)
$Passphrase = ConvertTo-SecureString "{p_passphrase}" -AsPlainText -Force

Write-Host "Creating configuration database $ConfigDb on $DbServer ..."
New-SPConfigurationDatabase -DatabaseName $ConfigDb -DatabaseServer $DbServer `
    -AdministrationContentDatabaseName $AdminContentDb `
    -Passphrase $Passphrase -FarmCredentials $FarmCred

Install-SPHelpCollection -All
Initialize-SPResourceSecurity
Install-SPService
Install-SPFeature -AllExistingFeatures
New-SPCentralAdministration -Port $CentralAdminPort -WindowsAuthProvider "NTLM"
Install-SPApplicationContent

# Managed account for the web application pools
$AppPoolCred = New-Object System.Management.Automation.PSCredential "TELLERPRYCE\\sp_apppool", (ConvertTo-SecureString "{p_app}" -AsPlainText -Force)
New-SPManagedAccount -Credential $AppPoolCred

Write-Host "Farm created."
''')

p_ant = hpw('!#*')
p_antscp = rpw(12, '!#*-_.')
add('c45/build.xml', f'''<?xml version="1.0" encoding="UTF-8"?>
<!-- Build file for the Corvalis lab results web application (Ant 1.7) -->
<project name="labresults" default="war" basedir=".">

    <property name="src.dir"   value="src"/>
    <property name="web.dir"   value="WebContent"/>
    <property name="build.dir" value="build"/>
    <property name="dist.dir"  value="dist"/>
    <property name="lib.dir"   value="${{web.dir}}/WEB-INF/lib"/>

    <property name="db.driver"   value="oracle.jdbc.driver.OracleDriver"/>
    <property name="db.url"      value="jdbc:oracle:thin:@labdb01.corvalis-health.local:1521:LABS"/>
    <property name="db.user"     value="LABRES"/>
    <property name="db.password" value="{p_ant}"/>

    <property name="deploy.host" value="labapp01.corvalis-health.local"/>
    <property name="deploy.user" value="tomcat"/>
    <property name="deploy.pass" value="{p_antscp}"/>

    <path id="classpath">
        <fileset dir="${{lib.dir}}" includes="**/*.jar"/>
    </path>

    <target name="clean">
        <delete dir="${{build.dir}}"/>
        <delete dir="${{dist.dir}}"/>
    </target>

    <target name="compile">
        <mkdir dir="${{build.dir}}/classes"/>
        <javac srcdir="${{src.dir}}" destdir="${{build.dir}}/classes" classpathref="classpath" source="1.5" target="1.5" debug="true"/>
    </target>

    <target name="war" depends="compile">
        <mkdir dir="${{dist.dir}}"/>
        <war destfile="${{dist.dir}}/labresults.war" webxml="${{web.dir}}/WEB-INF/web.xml">
            <fileset dir="${{web.dir}}"/>
            <classes dir="${{build.dir}}/classes"/>
        </war>
    </target>

    <target name="db-update">
        <sql driver="${{db.driver}}" url="${{db.url}}" userid="${{db.user}}" password="${{db.password}}"
             src="sql/update.sql" classpathref="classpath" delimiter="/" delimitertype="row" onerror="abort"/>
    </target>

    <target name="deploy" depends="war">
        <scp file="${{dist.dir}}/labresults.war"
             todir="${{deploy.user}}:${{deploy.pass}}@${{deploy.host}}:/opt/tomcat/webapps"
             trust="true"/>
        <sshexec host="${{deploy.host}}" username="${{deploy.user}}" password="${{deploy.pass}}"
                 trust="true" command="/etc/init.d/tomcat restart"/>
    </target>
</project>
''')


# ---------------------------------------------------------------- negatives (no credential in the file)
add('r01/src/Halvorsen.Dispatch.Client/App.config', f'''<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <!-- Windows authentication: the dispatcher's own domain account is used, no password stored -->
    <add name="DispatchDb" connectionString="Data Source=SQLPRD01;Initial Catalog=Dispatch;Integrated Security=SSPI;Application Name=DispatchClient" providerName="System.Data.SqlClient" />
    <add name="Archive" connectionString="Server=SQLARC01;Database=DispatchArchive;Trusted_Connection=True;" providerName="System.Data.SqlClient" />
  </connectionStrings>
  <appSettings>
    <add key="MapTileUrl" value="https://maps.halvorsen-logistics.no/tiles/{{z}}/{{x}}/{{y}}.png" />
    <add key="RefreshSeconds" value="20" />
    <add key="DefaultDepot" value="OSL-01" />
    <add key="PasswordMinLength" value="10" />
    <add key="ClientSettingsProvider.ServiceUri" value="" />
  </appSettings>
  <system.serviceModel>
    <bindings>
      <wsHttpBinding>
        <binding name="DispatchService_ws">
          <security mode="TransportWithMessageCredential">
            <message clientCredentialType="Windows" />
          </security>
        </binding>
      </wsHttpBinding>
    </bindings>
    <client>
      <endpoint address="https://dispatch.halvorsen.local/DispatchService.svc" binding="wsHttpBinding" bindingConfiguration="DispatchService_ws" contract="DispatchService.IDispatchService" name="DispatchService_ws" />
    </client>
  </system.serviceModel>
  <startup>
    <supportedRuntime version="v4.0" sku=".NETFramework,Version=v4.5" />
  </startup>
</configuration>
''')

add('r02/Meridian.ClaimsPortal/Web.Release.config', '''<?xml version="1.0"?>

<!-- For more information on using web.config transformation visit http://go.microsoft.com/fwlink/?LinkId=125889 -->
<!-- Values in #{...} are substituted by Octopus Deploy from the project's sensitive variables at deploy time. -->

<configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform">
  <connectionStrings>
    <add name="ClaimsDb"
      connectionString="Data Source=#{ClaimsDb.Server};Initial Catalog=Claims;User ID=#{ClaimsDb.User};Password=#{ClaimsDb.Password}"
      xdt:Transform="SetAttributes" xdt:Locator="Match(name)"/>
  </connectionStrings>
  <appSettings>
    <add key="SmtpPassword" value="#{Smtp.Password}" xdt:Transform="SetAttributes" xdt:Locator="Match(key)"/>
    <add key="PaymentGatewayApiKey" value="#{PaymentGateway.ApiKey}" xdt:Transform="SetAttributes" xdt:Locator="Match(key)"/>
    <add key="Environment" value="Production" xdt:Transform="SetAttributes" xdt:Locator="Match(key)"/>
  </appSettings>
  <system.web>
    <compilation xdt:Transform="RemoveAttributes(debug)" />
    <machineKey validationKey="#{MachineKey.Validation}" decryptionKey="#{MachineKey.Decryption}" validation="HMACSHA256" decryption="AES" xdt:Transform="Insert" />
    <customErrors mode="RemoteOnly" xdt:Transform="Replace" />
  </system.web>
</configuration>
''')

add('r03/www/intranet-blog/wp-config-sample.php', '''<?php
/**
 * The base configuration for WordPress
 *
 * The wp-config.php creation script uses this file during the
 * installation. You don't have to use the web site, you can
 * copy this file to "wp-config.php" and fill in the values.
 *
 * This file contains the following configurations:
 *
 * * MySQL settings
 * * Secret keys
 * * Database table prefix
 * * ABSPATH
 *
 * @link https://codex.wordpress.org/Editing_wp-config.php
 *
 * @package WordPress
 */

// ** MySQL settings - You can get this info from your web host ** //
/** The name of the database for WordPress */
define('DB_NAME', 'database_name_here');

/** MySQL database username */
define('DB_USER', 'username_here');

/** MySQL database password */
define('DB_PASSWORD', 'password_here');

/** MySQL hostname */
define('DB_HOST', 'localhost');

/** Database Charset to use in creating database tables. */
define('DB_CHARSET', 'utf8');

/** The Database Collate type. Don't change this if in doubt. */
define('DB_COLLATE', '');

/**#@+
 * Authentication Unique Keys and Salts.
 *
 * Change these to different unique phrases!
 * You can generate these using the {@link https://api.wordpress.org/secret-key/1.1/salt/ WordPress.org secret-key service}
 * You can change these at any point in time to invalidate all existing cookies. This will force all users to have to log in again.
 *
 * @since 2.6.0
 */
define('AUTH_KEY',         'put your unique phrase here');
define('SECURE_AUTH_KEY',  'put your unique phrase here');
define('LOGGED_IN_KEY',    'put your unique phrase here');
define('NONCE_KEY',        'put your unique phrase here');
define('AUTH_SALT',        'put your unique phrase here');
define('SECURE_AUTH_SALT', 'put your unique phrase here');
define('LOGGED_IN_SALT',   'put your unique phrase here');
define('NONCE_SALT',       'put your unique phrase here');

/**#@-*/

/**
 * WordPress Database Table prefix.
 */
$table_prefix  = 'wp_';

/**
 * For developers: WordPress debugging mode.
 */
define('WP_DEBUG', false);

/* That's all, stop editing! Happy blogging. */

/** Absolute path to the WordPress directory. */
if ( !defined('ABSPATH') )
	define('ABSPATH', dirname(__FILE__) . '/');

/** Sets up WordPress vars and included files. */
require_once(ABSPATH . 'wp-settings.php');
''')


def wrap(s, n=76, ind=''):
    return '\n'.join(ind + s[i:i + n] for i in range(0, len(s), n))


add('r04/Ashford.Planning.Web/Web.config', f'''<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <!-- connectionStrings encrypted with: aspnet_regiis -pef "connectionStrings" D:\\inetpub\\Planning -prov "RsaProtectedConfigurationProvider"
       The RSA key container lives on the web servers only; this section cannot be read without it. -->
  <connectionStrings configProtectionProvider="RsaProtectedConfigurationProvider">
    <EncryptedData Type="http://www.w3.org/2001/04/xmlenc#Element"
      xmlns="http://www.w3.org/2001/04/xmlenc#">
      <EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#tripledes-cbc" />
      <KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#">
        <EncryptedKey xmlns="http://www.w3.org/2001/04/xmlenc#">
          <EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-1_5" />
          <KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#">
            <KeyName>Rsa Key</KeyName>
          </KeyInfo>
          <CipherData>
            <CipherValue>{b64(128)}</CipherValue>
          </CipherData>
        </EncryptedKey>
      </KeyInfo>
      <CipherData>
        <CipherValue>{b64(random.choice([392, 416, 440]))}</CipherValue>
      </CipherData>
    </EncryptedData>
  </connectionStrings>
  <appSettings>
    <add key="GisServiceUrl" value="https://gis.ashford.gov.local/arcgis/rest/services" />
    <add key="UploadFolder" value="D:\\PlanningUploads" />
  </appSettings>
  <system.web>
    <compilation debug="false" targetFramework="4.0" />
    <authentication mode="Windows" />
    <machineKey validationKey="AutoGenerate,IsolateApps" decryptionKey="AutoGenerate,IsolateApps" validation="HMACSHA256" />
    <identity impersonate="false" />
  </system.web>
</configuration>
''')

comp = 'processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
add('r05/Deploy/Captured/REF-W7/Windows/Panther/unattend.xml', f'''<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
    <settings pass="specialize">
        <component name="Microsoft-Windows-UnattendedJoin" {comp}>
            <Identification>
                <Credentials>
                    <Domain>CORVALIS</Domain>
                    <Password>*SENSITIVE*DATA*DELETED*</Password>
                    <Username>svc_mdt_join</Username>
                </Credentials>
                <JoinDomain>corvalis-health.local</JoinDomain>
            </Identification>
        </component>
    </settings>
    <settings pass="oobeSystem">
        <component name="Microsoft-Windows-Shell-Setup" {comp}>
            <UserAccounts>
                <AdministratorPassword>*SENSITIVE*DATA*DELETED*</AdministratorPassword>
            </UserAccounts>
            <AutoLogon>
                <Password>*SENSITIVE*DATA*DELETED*</Password>
                <Enabled>true</Enabled>
                <LogonCount>1</LogonCount>
                <Username>Administrator</Username>
            </AutoLogon>
            <OOBE>
                <HideEULAPage>true</HideEULAPage>
                <ProtectYourPC>1</ProtectYourPC>
            </OOBE>
            <RegisteredOrganization>Corvalis Health</RegisteredOrganization>
            <TimeZone>Pacific Standard Time</TimeZone>
        </component>
    </settings>
    <cpi:offlineImage cpi:source="wim:\\\\mdt01\\deploymentshare$\\operating systems\\w7x64\\sources\\install.wim#Windows 7 ENTERPRISE" xmlns:cpi="urn:schemas-microsoft-com:cpi" />
</unattend>
''')

add('r06/app/config/parameters.yml.dist', '''# This file is a "template" of what your parameters.yml file should look like
# Set parameters here that may be different on each deployment target of the app, e.g. development, staging, production.
# https://symfony.com/doc/current/best_practices/configuration.html#infrastructure-related-configuration
parameters:
    database_host: 127.0.0.1
    database_port: ~
    database_name: symfony
    database_user: root
    database_password: ~
    # You should uncomment this if you want to use pdo_sqlite
    #database_path: '%kernel.project_dir%/var/data/data.sqlite'

    mailer_transport: smtp
    mailer_host: 127.0.0.1
    mailer_user: ~
    mailer_password: ~

    # A secret key that's used to generate certain security-related tokens
    secret: ThisTokenIsNotSoSecretChangeIt
''')

add('r07/billing-service/src/main/resources/application-prod.properties', '''# Production profile. All credentials come from the environment
# (set in /etc/sysconfig/billing-service, owned by root, mode 0600) - never commit them here.
spring.datasource.url=jdbc:sqlserver://${DB_HOST:sqlclu01.teller-pryce.local}:1433;databaseName=Billing
spring.datasource.username=${DB_USER}
spring.datasource.password=${DB_PASSWORD}
spring.datasource.tomcat.max-active=30

spring.mail.host=smtp.office365.com
spring.mail.port=587
spring.mail.username=${MAIL_USER}
spring.mail.password=${MAIL_PASSWORD:}

ldap.urls=ldap://dc01.teller-pryce.local:389/
ldap.username=${LDAP_BIND_DN}
ldap.password=${LDAP_BIND_PASSWORD}

server.ssl.key-store=file:/etc/pki/billing/keystore.p12
server.ssl.key-store-password=${KEYSTORE_PASSWORD}

# password policy for the customer portal
billing.security.password.min-length=12
billing.security.password.require-digit=true
billing.security.password.max-age-days=90
''')

add('r08/wildfly/standalone/configuration/standalone.xml', '''<?xml version='1.0' encoding='UTF-8'?>

<server xmlns="urn:jboss:domain:4.2">
    <!-- Secrets are passed in by the systemd unit (EnvironmentFile=/etc/wildfly/secrets.env, root-only).
         Do not put literal passwords in this file. -->
    <profile>
        <subsystem xmlns="urn:jboss:domain:datasources:4.0">
            <datasources>
                <datasource jndi-name="java:jboss/datasources/PolicyDS" pool-name="PolicyDS" enabled="true" use-java-context="true">
                    <connection-url>jdbc:oracle:thin:@ora-policy-prd.northgate.int:1521/POLPRD</connection-url>
                    <driver>oracle</driver>
                    <security>
                        <user-name>${env.POLICY_DB_USER}</user-name>
                        <password>${env.POLICY_DB_PASSWORD}</password>
                    </security>
                </datasource>
                <drivers>
                    <driver name="oracle" module="com.oracle.ojdbc7">
                        <xa-datasource-class>oracle.jdbc.xa.client.OracleXADataSource</xa-datasource-class>
                    </driver>
                </drivers>
            </datasources>
        </subsystem>
        <subsystem xmlns="urn:jboss:domain:mail:2.0">
            <mail-session name="default" jndi-name="java:jboss/mail/Default">
                <smtp-server outbound-socket-binding-ref="mail-smtp" username="${env.SMTP_USER}" password="${env.SMTP_PASSWORD}" tls="true"/>
            </mail-session>
        </subsystem>
        <subsystem xmlns="urn:jboss:domain:undertow:3.1">
            <server name="default-server">
                <http-listener name="default" socket-binding="http" redirect-socket="https"/>
                <https-listener name="https" socket-binding="https" security-realm="ApplicationRealm"/>
                <host name="default-host" alias="localhost"/>
            </server>
        </subsystem>
    </profile>
    <socket-binding-group name="standard-sockets" default-interface="public" port-offset="${jboss.socket.binding.port-offset:0}">
        <socket-binding name="http" port="${jboss.http.port:8080}"/>
        <socket-binding name="https" port="${jboss.https.port:8443}"/>
        <outbound-socket-binding name="mail-smtp">
            <remote-destination host="smtp.northgate-ins.com" port="587"/>
        </outbound-socket-binding>
    </socket-binding-group>
</server>
''')

add('r09/dba/scripts/rman_level0.sh', '''#!/bin/bash
# Weekly level 0 backup of FINPRD + export of the batch schema.
# Authentication:
#   - RMAN / SQL*Plus connect as SYSDBA through OS authentication (oracle user is in the dba group)
#   - the batch schema uses the Oracle Wallet (sqlnet.ora: WALLET_LOCATION=/u01/app/oracle/wallet,
#     SQLNET.WALLET_OVERRIDE=TRUE), alias FINPRD_BATCH -> no password in this script.
export ORACLE_HOME=/u01/app/oracle/product/11.2.0/dbhome_1
export ORACLE_SID=FINPRD
export PATH=$ORACLE_HOME/bin:$PATH
LOG=/u01/app/oracle/admin/FINPRD/logs/rman_l0_$(date +%Y%m%d).log

rman target / log=$LOG <<'RMAN'
RUN {
  ALLOCATE CHANNEL d1 DEVICE TYPE DISK FORMAT '/backup/FINPRD/%d_L0_%T_%U';
  BACKUP INCREMENTAL LEVEL 0 DATABASE PLUS ARCHIVELOG DELETE INPUT;
  BACKUP CURRENT CONTROLFILE;
  RELEASE CHANNEL d1;
}
DELETE NOPROMPT OBSOLETE;
RMAN

sqlplus -s / as sysdba <<'SQL' >> $LOG
SELECT status, TO_CHAR(end_time,'YYYY-MM-DD HH24:MI') FROM v$rman_backup_job_details WHERE end_time > SYSDATE - 1;
EXIT
SQL

expdp /@FINPRD_BATCH schemas=GLIF_OWNER directory=DP_DIR dumpfile=glif_$(date +%Y%m%d).dmp logfile=glif_exp.log
''')

fp = base64.b64encode(rb(32)).decode().rstrip('=')
add('r10/Interfaces/EDI/upload_edi.txt', f'''# WinSCP script (key authentication - the private key file is NOT in the repo,
# it is deployed to D:\\Keys on the interface server with ACLs for svc_edi only)
option batch abort
option confirm off
open sftp://svc_edi@edi.partner-hub.com/ -privatekey="D:\\Keys\\svc_edi.ppk" -hostkey="ssh-ed25519 255 {fp}"
cd /inbox
put D:\\Interfaces\\EDI\\Outbound\\*.edi
get /outbox/*.edi D:\\Interfaces\\EDI\\Inbound\\
rm /outbox/*.edi
exit
''')


def vault_body():
    inner = hx(64) + '\n' + hx(64) + '\n' + hx(random.choice([320, 416, 512, 640]))
    outer = inner.encode().hex()
    return '\n'.join(outer[i:i + 80] for i in range(0, len(outer), 80))


add('r11/ansible/inventories/production/group_vars/all/vault.yml',
    '$ANSIBLE_VAULT;1.1;AES256\n' + vault_body() + '\n')

add('r12/deploy/Deploy-Planning.ps1', '''<#
.SYNOPSIS
    Deploys the Planning portal. Credentials are never stored in this script:
    - interactive runs prompt with Get-Credential
    - the build agent reads a DPAPI-protected credential file created once with
      Get-Credential | Export-Clixml (only readable by the agent account on that machine)
    - the SQL password is read from Azure Key Vault at run time
#>
param(
    [string]$Version,
    [string[]]$Servers = @("PLANWEB01", "PLANWEB02"),
    [switch]$Unattended
)

$ErrorActionPreference = "Stop"

if ($Unattended) {
    $cred = Import-Clixml -Path "$env:ProgramData\\BuildAgent\\deploy.cred.xml"
} else {
    $cred = Get-Credential -UserName "ASHFORD\\svc_deploy" -Message "Deployment account"
}

Connect-AzAccount -Identity | Out-Null
$sqlPassword = (Get-AzKeyVaultSecret -VaultName "ashford-ops-kv" -Name "planning-sql-password").SecretValue

foreach ($server in $Servers) {
    Invoke-Command -ComputerName $server -Credential $cred -ScriptBlock {
        param($v, [securestring]$pw)
        $plain = [Runtime.InteropServices.Marshal]::PtrToStringAuto([Runtime.InteropServices.Marshal]::SecureStringToBSTR($pw))
        [Environment]::SetEnvironmentVariable("PLANNING_SQL_PASSWORD", $plain, "Machine")
        Restart-WebAppPool -Name "Planning"
    } -ArgumentList $Version, $sqlPassword
}
''')

write()
