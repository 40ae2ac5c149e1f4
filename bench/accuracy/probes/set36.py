# Usage: python3 set36.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 36 (stop 29): configuration files of server software and self-hosted applications, as operators commit them
from common import A, HEX, B62, start, r, hx, ck, add, write
import base64, hashlib, json, random, string, uuid

start()

BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password')
WORDS = ['Sunflower', 'Kestrel', 'Granite', 'Bluebird', 'Marlin', 'Orchard', 'Thunder', 'Falcon',
         'Maple', 'Copper', 'Lantern', 'Voyager', 'Cobalt', 'Juniper', 'Saturn', 'Willow', 'Panther',
         'Glacier', 'Quartz', 'Raven', 'Summit', 'Dolphin', 'Ember', 'Nimbus', 'Tundra', 'Walrus',
         'Zephyr', 'Pepper', 'Biscuit', 'Mustang', 'Rocket', 'Pelican', 'Meadow', 'Hornet', 'Cactus']
SYM = '!@*-_+=?'
UPD = string.ascii_uppercase + string.digits


def clean(draw):
    """Draws again (at most 100 times) while the value holds a word a scanner may discount."""
    v = draw()
    for _ in range(100):
        if not any(w in v.lower() for w in BAD):
            break
        v = draw()
    return v


def R(n, al=A):
    return clean(lambda: r(n, al))


def H(n):
    return clean(lambda: hx(n))


def rb(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(n):
    return clean(lambda: base64.b64encode(rb(n)).decode())


def u64(n):
    return clean(lambda: base64.urlsafe_b64encode(rb(n)).decode())


def human():
    """A password a person picks: words, digits and a symbol (no '.' or '#')."""
    def draw():
        w, w2 = random.choice(WORDS), random.choice(WORDS)
        d = str(random.choice([random.randint(1, 99), random.randint(1970, 2025), random.randint(100, 9999)]))
        s = random.choice(SYM)
        f = random.randrange(5)
        if f == 0:
            return w + d + s
        if f == 1:
            return w.lower() + s + d
        if f == 2:
            return w + w2 + d + s
        if f == 3:
            return s.join([w, w2.lower(), d])
        return w[0].lower() + w[1:].upper() + s + d + random.choice(SYM)
    return clean(draw)


def gen(n=20, al=A + '!@*-_+='):
    """A generated password (first character alphanumeric)."""
    return clean(lambda: r(1) + r(n - 1, al))


def ab64(n):
    """passlib's adapted base64 ('.' for '+', no padding), as in $pbkdf2-sha512$ hashes."""
    return base64.b64encode(rb(n)).decode().rstrip('=').replace('+', '.')


def uid():
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def akid():
    return 'AKIA' + R(16, UPD)


def aws_secret():
    return R(40, A + '/+')


# a01 Apache Tomcat, conf/tomcat-users.xml
add('a01/tomcat/conf/tomcat-users.xml', f'''<?xml version="1.0" encoding="UTF-8"?>
<!--
  Licensed to the Apache Software Foundation (ASF) under one or more
  contributor license agreements.  See the NOTICE file distributed with
  this work for additional information regarding copyright ownership.
  The ASF licenses this file to You under the Apache License, Version 2.0
  (the "License"); you may not use this file except in compliance with
  the License.  You may obtain a copy of the License at

      http://www.apache.org/licenses/LICENSE-2.0

  Unless required by applicable law or agreed to in writing, software
  distributed under the License is distributed on an "AS IS" BASIS,
  WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
  See the License for the specific language governing permissions and
  limitations under the License.
-->
<tomcat-users xmlns="http://tomcat.apache.org/xml"
              xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
              xsi:schemaLocation="http://tomcat.apache.org/xml tomcat-users.xsd"
              version="1.0">
<!--
  By default, no user is included in the "manager-gui" role required
  to operate the "/manager/html" web application.  If you wish to use this app,
  you must define such a user - the username and password are arbitrary.

  Built-in Tomcat manager roles:
    - manager-gui    - allows access to the HTML GUI and the status pages
    - manager-script - allows access to the HTTP API and the status pages
    - manager-jmx    - allows access to the JMX proxy and the status pages
    - manager-status - allows access to the status pages only

  The users below are wrapped in a comment and are therefore ignored. If you
  wish to configure one or more of these users for use with the manager web
  application, do not forget to remove the <!.. ..> that surrounds them. You
  will also need to set the passwords to something appropriate.
-->
<!--
  <user username="admin" password="<must-be-changed>" roles="manager-gui"/>
  <user username="robot" password="<must-be-changed>" roles="manager-script"/>
-->
  <role rolename="manager-gui"/>
  <role rolename="manager-script"/>
  <role rolename="admin-gui"/>
  <user username="{random.choice(['admin', 'tcadmin', 'ops'])}" password="{human()}" roles="manager-gui,admin-gui"/>
  <user username="jenkins-deploy" password="{gen(24, A + '-_!*')}" roles="manager-script"/>
</tomcat-users>
''')

# a02 WildFly, standalone/configuration/standalone.xml (datasources subsystem)
add('a02/wildfly/standalone/configuration/standalone.xml', f'''<?xml version='1.0' encoding='UTF-8'?>

<server xmlns="urn:jboss:domain:20.0">
    <extensions>
        <extension module="org.jboss.as.connector"/>
        <extension module="org.jboss.as.deployment-scanner"/>
        <extension module="org.jboss.as.ee"/>
        <extension module="org.jboss.as.logging"/>
        <extension module="org.jboss.as.naming"/>
        <extension module="org.wildfly.extension.undertow"/>
    </extensions>
    <management>
        <audit-log>
            <formatters>
                <json-formatter name="json-formatter"/>
            </formatters>
            <handlers>
                <file-handler name="file" formatter="json-formatter" path="audit-log.log" relative-to="jboss.server.data.dir"/>
            </handlers>
            <logger log-boot="true" log-read-only="false" enabled="false">
                <handlers>
                    <handler name="file"/>
                </handlers>
            </logger>
        </audit-log>
    </management>
    <profile>
        <subsystem xmlns="urn:jboss:domain:datasources:7.1">
            <datasources>
                <datasource jndi-name="java:jboss/datasources/ExampleDS" pool-name="ExampleDS" enabled="true" use-java-context="true" statistics-enabled="${{wildfly.datasources.statistics-enabled:${{wildfly.statistics-enabled:false}}}}">
                    <connection-url>jdbc:h2:mem:test;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE</connection-url>
                    <driver>h2</driver>
                    <security user-name="sa" password="sa"/>
                </datasource>
                <datasource jndi-name="java:jboss/datasources/BillingDS" pool-name="BillingDS" enabled="true" use-java-context="true">
                    <connection-url>jdbc:postgresql://pg-billing.prod.internal:5432/billing</connection-url>
                    <driver>postgresql</driver>
                    <pool>
                        <min-pool-size>5</min-pool-size>
                        <max-pool-size>50</max-pool-size>
                    </pool>
                    <security user-name="billing_app" password="{human()}"/>
                    <validation>
                        <valid-connection-checker class-name="org.jboss.jca.adapters.jdbc.extensions.postgres.PostgreSQLValidConnectionChecker"/>
                        <background-validation>true</background-validation>
                        <exception-sorter class-name="org.jboss.jca.adapters.jdbc.extensions.postgres.PostgreSQLExceptionSorter"/>
                    </validation>
                </datasource>
                <drivers>
                    <driver name="h2" module="com.h2database.h2">
                        <xa-datasource-class>org.h2.jdbcx.JdbcDataSource</xa-datasource-class>
                    </driver>
                    <driver name="postgresql" module="org.postgresql">
                        <xa-datasource-class>org.postgresql.xa.PGXADataSource</xa-datasource-class>
                    </driver>
                </drivers>
            </datasources>
        </subsystem>
        <subsystem xmlns="urn:jboss:domain:deployment-scanner:2.0">
            <deployment-scanner path="deployments" relative-to="jboss.server.base.dir" scan-interval="5000" runtime-failure-causes-rollback="${{jboss.deployment.scanner.rollback.on.failure:false}}"/>
        </subsystem>
    </profile>
    <interfaces>
        <interface name="management">
            <inet-address value="${{jboss.bind.address.management:127.0.0.1}}"/>
        </interface>
        <interface name="public">
            <inet-address value="${{jboss.bind.address:127.0.0.1}}"/>
        </interface>
    </interfaces>
    <socket-binding-group name="standard-sockets" default-interface="public" port-offset="${{jboss.socket.binding.port-offset:0}}">
        <socket-binding name="http" port="${{jboss.http.port:8080}}"/>
        <socket-binding name="https" port="${{jboss.https.port:8443}}"/>
        <socket-binding name="management-http" interface="management" port="${{jboss.management.http.port:9990}}"/>
    </socket-binding-group>
</server>
''')

# a03 Atlassian Jira, <jira-home>/dbconfig.xml
add('a03/jira-home/dbconfig.xml', f'''<?xml version="1.0" encoding="UTF-8"?>

<jira-database-config>
  <name>defaultDS</name>
  <delegator-name>default</delegator-name>
  <database-type>postgres72</database-type>
  <schema-name>public</schema-name>
  <jdbc-datasource>
    <url>jdbc:postgresql://jira-db.corp.local:5432/jiradb</url>
    <driver-class>org.postgresql.Driver</driver-class>
    <username>jiradbuser</username>
    <password>{gen(18, A + '!*-_')}</password>
    <pool-min-size>40</pool-min-size>
    <pool-max-size>40</pool-max-size>
    <pool-max-wait>30000</pool-max-wait>
    <validation-query>select 1</validation-query>
    <min-evictable-idle-time-millis>60000</min-evictable-idle-time-millis>
    <time-between-eviction-runs-millis>300000</time-between-eviction-runs-millis>
    <pool-max-idle>40</pool-max-idle>
    <pool-remove-abandoned>true</pool-remove-abandoned>
    <pool-remove-abandoned-timeout>300</pool-remove-abandoned-timeout>
    <pool-test-on-borrow>false</pool-test-on-borrow>
    <pool-test-while-idle>true</pool-test-while-idle>
    <connection-properties>tcpKeepAlive=true;socketTimeout=240</connection-properties>
  </jdbc-datasource>
</jira-database-config>
''')

# a04 SonarQube, conf/sonar.properties
add('a04/sonarqube/conf/sonar.properties', f'''# Property values can:
# - be encrypted. See https://redirect.sonarsource.com/doc/settings-encryption.html
# - reference environment variables with the syntax ${{env:NAME_OF_ENV_VARIABLE}}

#--------------------------------------------------------------------------------------------------
# DATABASE
#
# IMPORTANT:
# - The embedded H2 database is used by default. It is recommended for tests but not for
#   production use. Supported databases are Oracle, PostgreSQL and Microsoft SQLServer.
# - Changes to database connection URL (sonar.jdbc.url) can affect SonarSource licensed products.

# User credentials.
# Permissions to create tables, indices and triggers must be granted to JDBC user.
# The schema must be created first.
sonar.jdbc.username=sonarqube
sonar.jdbc.password={human()}

#----- Embedded Database (default)
# H2 embedded database server listening port, defaults to 9092
#sonar.embeddedDatabase.port=9092

#----- Oracle 19c/21c
# The Oracle JDBC driver must be copied into the directory extensions/jdbc-driver/oracle/.
# Only the thin client is supported, and we recommend using the latest Oracle JDBC driver. See
# https://jira.sonarsource.com/browse/SONAR-9758 for more details.
# If you need to set the schema, please refer to http://jira.sonarsource.com/browse/SONAR-5000
#sonar.jdbc.url=jdbc:oracle:thin:@localhost:1521/XE

#----- PostgreSQL 11 or greater
# By default the schema named "public" is used. It can be overridden with the parameter "currentSchema".
sonar.jdbc.url=jdbc:postgresql://localhost/sonarqube?currentSchema=public

#----- Microsoft SQLServer 2014/2016/2017/2019/2022 and SQL Azure
# A database named sonar must exist and its collation must be case-sensitive (CS) and accent-sensitive (AS)
# Use the following connection string if you want to use integrated security with Microsoft Sql Server
# Do not set sonar.jdbc.username or sonar.jdbc.password property if you are using Integrated Security
#sonar.jdbc.url=jdbc:sqlserver://localhost;databaseName=sonar;integratedSecurity=true

#----- Connection pool settings
# The maximum number of active connections that can be allocated
# at the same time, or negative for no limit.
# The recommended value is 1.2 * max sizes of HTTP pools. For example if HTTP ports are
# enabled with default sizes (50, see property sonar.web.http.maxThreads)
# then sonar.jdbc.maxActive should be 1.2 * 50 = 60.
#sonar.jdbc.maxActive=60

#--------------------------------------------------------------------------------------------------
# WEB SERVER
# Web server is executed in a dedicated Java process. By default heap size is 512MB.
#sonar.web.javaOpts=-Xmx512m -Xms128m -XX:+HeapDumpOnOutOfMemoryError

# Binding IP address. For servers with more than one IP address, this property specifies which
# address will be used for listening on the specified ports.
# By default, ports will be used on all IP addresses associated with the server.
#sonar.web.host=0.0.0.0

# Web context. When set, it must start with forward slash (for example /sonarqube).
# The default value is root context (empty value).
sonar.web.context=/sonar
# TCP port for incoming HTTP connections. Default value is 9000.
#sonar.web.port=9000

# Passcode used by monitoring tools to call /api/system/health without an admin session
sonar.web.systemPasscode={R(32)}
''')

# a05 Sonatype Nexus Repository 3, sonatype-work/nexus3/etc/nexus.properties
add('a05/sonatype-work/nexus3/etc/nexus.properties', f'''# Jetty section
# application-port=8081
# application-host=0.0.0.0
# nexus-args=${{jetty.etc}}/jetty.xml,${{jetty.etc}}/jetty-http.xml,${{jetty.etc}}/jetty-requestlog.xml
# nexus-context-path=/${{NEXUS_CONTEXT}}

# Nexus section
# nexus-edition=nexus-pro-edition
# nexus-features=\\
#  nexus-pro-feature

# nexus.hazelcast.discovery.isEnabled=true
application-port=8081
nexus-context-path=/nexus

# External PostgreSQL datastore (migrated from OrientDB 2024-02)
nexus.datastore.enabled=true
nexus.datastore.nexus.jdbcUrl=jdbc\\:postgresql\\://pg-nexus.infra.lan\\:5432/nexus
nexus.datastore.nexus.username=nexus
nexus.datastore.nexus.password={gen(22, A + '!*_')}
nexus.datastore.nexus.maximumPoolSize=100

# nexus.scripts.allowCreation=true
# nexus.onboarding.enabled=false
nexus.security.randompassword=false
''')

# a06 JFrog Artifactory, var/etc/system.yaml
add('a06/artifactory/var/etc/system.yaml', f'''## @formatter:off
## JFROG ARTIFACTORY SYSTEM CONFIGURATION FILE
## HOW TO USE: comment-out any field and keep the correct yaml indentation by deleting only the leading '#' character.
configVersion: 1
## NOTE: JFROG_HOME is a place holder for the JFrog root directory containing the deployed product, the home directory for all JFrog products.
## Replace JFROG_HOME with the real path! For example, in RPM install, JFROG_HOME=/opt/jfrog

## NOTE: Sensitive information such as passwords and join key are encrypted on first read.
## NOTE: The provided commented key and value is the default.

## SHARED CONFIGURATIONS
## A shared section for keys across all services in this config
shared:
    ## Java 11 distribution to use
    #javaHome: "JFROG_HOME/artifactory/app/third-party/java"

    ## Extra Java options to pass to the JVM. These values add to or override the defaults.
    extraJavaOpts: "-Xms2g -Xmx6g"

    ## Security Configuration
    security:
        ## Join key value for joining the cluster (takes precedence over 'joinKeyFile')
        joinKey: "{H(64)}"

        ## Join key file
        #joinKeyFile: "JFROG_HOME/artifactory/var/etc/security/join.key"

    ## Node Settings
    node:
        ## A unique id to identify this node.
        ## Default auto generated at startup.
        id: "art1"

        ## Sets this node as primary in HA installation
        primary: true

        ## Sets this node as part of HA installation
        haEnabled: false

    ## Database Configuration
    database:
        ## One of mysql, oracle, mssql, postgresql, mariadb
        ## Default Embedded derby
        type: postgresql
        driver: org.postgresql.Driver
        url: "jdbc:postgresql://pg-artifactory.build.internal:5432/artifactory"
        username: artifactory
        password: "{gen(20, A + '!*-_')}"
        allowNonPostgresql: false
''')

# a07 Harbor, harbor.yml
add('a07/harbor/harbor.yml', f'''# Configuration file of Harbor

# The IP address or hostname to access admin UI and registry service.
# DO NOT use localhost or 127.0.0.1, because Harbor needs to be accessed by external clients.
hostname: registry.{random.choice(['acme-logistics', 'northwind', 'blueriver'])}.io

# http related config
http:
  # port for http, default is 80. If https enabled, this port will redirect to https port
  port: 80

# https related config
https:
  # https port for harbor, default is 443
  port: 443
  # The path of cert and key files for nginx
  certificate: /etc/pki/harbor/registry.crt
  private_key: /etc/pki/harbor/registry.key

# The initial password of Harbor admin
# It only works in first time to install harbor
# Remember Change the admin password from UI after launching Harbor.
harbor_admin_password: {human()}

# Harbor DB configuration
database:
  # The password for the root user of Harbor DB. Change this before any production use.
  password: {gen(16, A)}
  # The maximum number of connections in the idle connection pool. If it <=0, no idle connections are retained.
  max_idle_conns: 100
  # The maximum number of open connections to the database. If it <= 0, then there is no limit on the number of open connections.
  # Note: the default number of connections is 1024 for postgres of harbor.
  max_open_conns: 900
  # The maximum amount of time a connection may be reused. Expired connections may be closed lazily before reuse. If it <= 0, connections are not closed due to a connection's age.
  conn_max_lifetime: 5m
  # The maximum amount of time a connection may be idle. Expired connections may be closed lazily before reuse. If it <= 0, connections are not closed due to a connection's idle time.
  conn_max_idle_time: 0

# The default data volume
data_volume: /data

# Trivy configuration
trivy:
  # ignoreUnfixed The flag to display only fixed vulnerabilities
  ignore_unfixed: false
  skip_update: false
  offline_scan: false
  security_check: vuln
  insecure: false
  # github_token The GitHub access token to download Trivy DB
  #
  # Anonymous downloads from GitHub are subject to the limit of 60 requests per hour. Normally such rate limit is enough
  # for production operations. If, for any reason, it's not enough, you could increase the rate limit to 5000
  # requests per hour by specifying the GitHub access token.
  github_token: {ck('ghp_')}

jobservice:
  # Maximum number of job workers in job service
  max_job_workers: 10
  job_loggers:
    - STD_OUTPUT
    - FILE
  logger_sweeper_duration: 1 #days

notification:
  # Maximum retry count for webhook job
  webhook_job_max_retry: 3
  webhook_job_http_client_timeout: 3 #seconds

# Log configurations
log:
  level: info
  local:
    rotate_count: 50
    rotate_size: 200M
    location: /var/log/harbor

#This attribute is for migrator to detect the version of the .cfg file, DO NOT MODIFY!
_version: 2.10.0
''')

# a08 Sentry self-hosted, sentry/config.yml
add('a08/self-hosted/sentry/config.yml', f'''# While a lot of configuration in Sentry can be changed via the UI, for all
# new-style config (as of 8.0) you can also declare values here in this file
# to enforce defaults or to ensure they cannot be changed via the UI. For more
# information see the Sentry documentation.

###############
# Mail Server #
###############

# mail.backend: 'smtp'  # Use dummy if you want to disable email entirely
mail.host: 'smtp.sendgrid.net'
mail.port: 587
mail.username: 'apikey'
mail.password: 'SG.{R(22, A + "-_")}.{R(43, A + "-_")}'
# NOTE: `mail.use-tls` and `mail.use-ssl` are mutually exclusive and should not
#       appear at the same time. Only uncomment one of them.
mail.use-tls: true
# mail.use-ssl: false

# The email address to send on behalf of
mail.from: 'sentry@ops.{random.choice(["kitehq", "brightlane", "orbitfin"])}.com'

# If you'd like to configure email replies, enable this.
# mail.enable-replies: true

# When email-replies are enabled, this value is used in the Reply-To header
# mail.reply-hostname: ''

###################
# System Settings #
###################

# If this file ever becomes compromised, it's important to generate a new key.
# Changing this value will result in all current sessions being invalidated.
# A new key can be generated with `$ sentry config generate-secret-key`
system.secret-key: '{R(50, "abcdefghijklmnopqrstuvwxyz0123456789!@%^&*(-_=+)")}'

# The ``redis.clusters`` setting is used, unsurprisingly, to configure Redis
# clusters. These clusters can be then referred to by name when configuring
# backends such as the cache, digests, or TSDB backend.
# redis.clusters:
#   default:
#     hosts:
#       0:
#         host: 127.0.0.1
#         port: 6379

################
# File storage #
################

# Uploaded media uses these `filestore` settings. The available
# backends are either `filesystem` or `s3`.

filestore.backend: 'filesystem'
filestore.options:
  location: '/data/files'
dsym.cache-path: '/data/dsym-files'
releasefile.cache-path: '/data/releasefile-cache'

system.internal-url-prefix: 'http://web:9000'
symbolicator.enabled: true
symbolicator.options:
  url: "http://symbolicator:3021"

transaction-events.force-disable-internal-project: true
''')

# a09 Apache Kafka, config/server.properties (SASL/PLAIN JAAS inline)
kadmin = gen(24, A)
add('a09/kafka/config/server.properties', f'''# Licensed to the Apache Software Foundation (ASF) under one or more
# contributor license agreements.  See the NOTICE file distributed with
# this work for additional information regarding copyright ownership.
# The ASF licenses this file to You under the Apache License, Version 2.0
# (the "License"); you may not use this file except in compliance with
# the License.  You may obtain a copy of the License at
#
#    http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

#
# This configuration file is intended for use in ZK-based mode, where Apache ZooKeeper is required.
# See kafka.server.KafkaConfig for additional details and defaults
#

############################# Server Basics #############################

# The id of the broker. This must be set to a unique integer for each broker.
broker.id=1

############################# Socket Server Settings #############################

# The address the socket server listens on. If not configured, the host name will be equal to the value of
# java.net.InetAddress.getCanonicalHostName(), with PLAINTEXT listener name, and port 9092.
#   FORMAT:
#     listeners = listener_name://host_name:port
#   EXAMPLE:
#     listeners = PLAINTEXT://your.host.name:9092
listeners=SASL_PLAINTEXT://0.0.0.0:9092
advertised.listeners=SASL_PLAINTEXT://kafka-1.data.internal:9092

# Maps listener names to security protocols, the default is for them to be the same. See the config documentation for more details
#listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL

security.inter.broker.protocol=SASL_PLAINTEXT
sasl.mechanism.inter.broker.protocol=PLAIN
sasl.enabled.mechanisms=PLAIN
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\
    username="admin" \\
    password="{kadmin}" \\
    user_admin="{kadmin}" \\
    user_connect="{human()}" \\
    user_ksql="{gen(20, A)}";

authorizer.class.name=kafka.security.authorizer.AclAuthorizer
super.users=User:admin

# The number of threads that the server uses for receiving requests from the network and sending responses to the network
num.network.threads=3

# The number of threads that the server uses for processing requests, which may include disk I/O
num.io.threads=8

############################# Log Basics #############################

# A comma separated list of directories under which to store log files
log.dirs=/var/lib/kafka/data

# The default number of log partitions per topic. More partitions allow greater
# parallelism for consumption, but this will also result in more files across
# the brokers.
num.partitions=3

############################# Log Retention Policy #############################

# The minimum age of a log file to be eligible for deletion due to age
log.retention.hours=168

############################# Zookeeper #############################

zookeeper.connect=zk-1.data.internal:2181,zk-2.data.internal:2181,zk-3.data.internal:2181/kafka

# Timeout in ms for connecting to zookeeper
zookeeper.connection.timeout.ms=18000
''')

# a10 Apache ZooKeeper, conf/zookeeper_jaas.conf
zq = gen(28, A)
add('a10/zookeeper/conf/zookeeper_jaas.conf', f'''/*
 * JAAS configuration for the ZooKeeper ensemble.
 * Loaded through SERVER_JVMFLAGS="-Djava.security.auth.login.config=/opt/zookeeper/conf/zookeeper_jaas.conf"
 * together with authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider in zoo.cfg
 */
Server {{
    org.apache.zookeeper.server.auth.DigestLoginModule required
    user_super="{human()}"
    user_kafka="{gen(20, A)}"
    user_solr="{human()}";
}};

/* Quorum peer authentication (quorum.auth.enableSasl=true) */
QuorumServer {{
    org.apache.zookeeper.server.auth.DigestLoginModule required
    user_zkquorum="{zq}";
}};

QuorumLearner {{
    org.apache.zookeeper.server.auth.DigestLoginModule required
    username="zkquorum"
    password="{zq}";
}};
''')

# a11 Apache Cassandra, ~/.cassandra/cqlshrc
add('a11/home/dba/.cassandra/cqlshrc', f'''; Licensed to the Apache Software Foundation (ASF) under one
; or more contributor license agreements.  See the NOTICE file
; distributed with this work for additional information
; regarding copyright ownership.  The ASF licenses this file
; to you under the Apache License, Version 2.0 (the
; "License"); you may not use this file except in compliance
; with the License.  You may obtain a copy of the License at
;
;   http://www.apache.org/licenses/LICENSE-2.0
;
; Unless required by applicable law or agreed to in writing, software
; distributed under the License is distributed on an "AS IS" BASIS,
; WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
; See the License for the specific language governing permissions and
; limitations under the License.

[authentication]
;; If Cassandra has auth enabled, fill out these options
username = ops_admin
password = {human()}
;keyspace = ks1

[ui]
;; Whether or not to display query results with colors
; color = on

;; Used for displaying timestamps (and reading them with COPY)
; time_format = %Y-%m-%d %H:%M:%S%z

;; Display timezone
;timezone = Etc/UTC

;; The number of digits displayed after the decimal point for single and double precision numbers
;; (note that increasing this to large numbers can result in unusual values)
;float_precision = 5
;double_precision = 12

;; Used for automatic completion and suggestions
; completekey = tab

;; The encoding used for characters
; encoding = utf8

[connection]

;; The host to connect to
hostname = cass-seed-1.db.internal

;; The port to connect to (9042 is the native protocol default)
port = 9042

;; Always connect using SSL - false by default
ssl = true

;; A timeout in seconds for opening new connections
; timeout = 10

[ssl]
certfile = ~/keys/cassandra.cert

;; Optional, true by default
validate = true
''')

# a12 Apache Hadoop, etc/hadoop/core-site.xml (S3A keys)
add('a12/hadoop/etc/hadoop/core-site.xml', f'''<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="configuration.xsl"?>
<!--
  Licensed under the Apache License, Version 2.0 (the "License");
  you may not use this file except in compliance with the License.
  You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

  Unless required by applicable law or agreed to in writing, software
  distributed under the License is distributed on an "AS IS" BASIS,
  WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
  See the License for the specific language governing permissions and
  limitations under the License. See accompanying LICENSE file.
-->

<!-- Put site-specific property overrides in this file. -->

<configuration>
  <property>
    <name>fs.defaultFS</name>
    <value>hdfs://namenode:8020</value>
  </property>
  <property>
    <name>hadoop.tmp.dir</name>
    <value>/data/hadoop/tmp</value>
  </property>
  <property>
    <name>fs.s3a.endpoint</name>
    <value>s3.eu-west-1.amazonaws.com</value>
  </property>
  <property>
    <name>fs.s3a.access.key</name>
    <value>{akid()}</value>
    <description>AWS access key ID used by S3A file system.</description>
  </property>
  <property>
    <name>fs.s3a.secret.key</name>
    <value>{aws_secret()}</value>
    <description>AWS secret key used by S3A file system.</description>
  </property>
  <property>
    <name>fs.s3a.impl</name>
    <value>org.apache.hadoop.fs.s3a.S3AFileSystem</value>
  </property>
  <property>
    <name>fs.s3a.fast.upload.buffer</name>
    <value>bytebuffer</value>
  </property>
</configuration>
''')

# a13 Apache Hive, conf/hive-site.xml (metastore password)
add('a13/hive/conf/hive-site.xml', f'''<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?xml-stylesheet type="text/xsl" href="configuration.xsl"?>
<!--
   Licensed to the Apache Software Foundation (ASF) under one or more
   contributor license agreements.  See the NOTICE file distributed with
   this work for additional information regarding copyright ownership.
   The ASF licenses this file to You under the Apache License, Version 2.0
   (the "License"); you may not use this file except in compliance with
   the License.  You may obtain a copy of the License at

       http://www.apache.org/licenses/LICENSE-2.0

   Unless required by applicable law or agreed to in writing, software
   distributed under the License is distributed on an "AS IS" BASIS,
   WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
   See the License for the specific language governing permissions and
   limitations under the License.
-->
<configuration>
  <property>
    <name>javax.jdo.option.ConnectionURL</name>
    <value>jdbc:mysql://metastore-db.hadoop.lan:3306/metastore?createDatabaseIfNotExist=true&amp;useSSL=false</value>
    <description>JDBC connect string for a JDBC metastore.</description>
  </property>
  <property>
    <name>javax.jdo.option.ConnectionDriverName</name>
    <value>com.mysql.cj.jdbc.Driver</value>
    <description>Driver class name for a JDBC metastore</description>
  </property>
  <property>
    <name>javax.jdo.option.ConnectionUserName</name>
    <value>hive</value>
    <description>Username to use against metastore database</description>
  </property>
  <property>
    <name>javax.jdo.option.ConnectionPassword</name>
    <value>{human()}</value>
    <description>password to use against metastore database</description>
  </property>
  <property>
    <name>hive.metastore.uris</name>
    <value>thrift://metastore.hadoop.lan:9083</value>
  </property>
  <property>
    <name>hive.metastore.warehouse.dir</name>
    <value>/user/hive/warehouse</value>
    <description>location of default database for the warehouse</description>
  </property>
  <property>
    <name>hive.server2.thrift.port</name>
    <value>10000</value>
  </property>
</configuration>
''')

# a14 Apache Spark, conf/spark-defaults.conf
add('a14/spark/conf/spark-defaults.conf', f'''#
# Licensed to the Apache Software Foundation (ASF) under one or more
# contributor license agreements.  See the NOTICE file distributed with
# this work for additional information regarding copyright ownership.
# The ASF licenses this file to You under the Apache License, Version 2.0
# (the "License"); you may not use this file except in compliance with
# the License.  You may obtain a copy of the License at
#
#    http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
#

# Default system properties included when running spark-submit.
# This is useful for setting default environmental settings.

# Example:
# spark.master                     spark://master:7077
# spark.eventLog.enabled           true
# spark.eventLog.dir               hdfs://namenode:8021/directory
# spark.serializer                 org.apache.spark.serializer.KryoSerializer
# spark.driver.memory              5g
# spark.executor.extraJavaOptions  -XX:+PrintGCDetails -Dkey=value -Dnumbers="one two three"

spark.master                     spark://spark-master.analytics.lan:7077
spark.eventLog.enabled           true
spark.eventLog.dir               hdfs://namenode:8020/spark-logs
spark.serializer                 org.apache.spark.serializer.KryoSerializer
spark.driver.memory              4g

spark.authenticate               true
spark.authenticate.secret        {H(64)}
spark.network.crypto.enabled     true
spark.ssl.enabled                true
spark.ssl.keyStore               /etc/spark/ssl/keystore.jks
spark.ssl.keyStorePassword       {human()}
spark.ssl.keyPassword            {human()}
spark.ssl.trustStore             /etc/spark/ssl/truststore.jks
''')

# a15 Odoo, /etc/odoo/odoo.conf
add('a15/etc/odoo/odoo.conf', f'''[options]
; This is the password that allows database operations:
admin_passwd = {human()}
db_host = pg-erp.internal
db_port = 5432
db_user = odoo
db_password = {gen(20, A)}
db_name = False
db_maxconn = 64
;addons_path = /usr/lib/python3/dist-packages/odoo/addons
addons_path = /usr/lib/python3/dist-packages/odoo/addons,/opt/odoo/custom-addons
default_productivity_apps = True
data_dir = /var/lib/odoo
logfile = /var/log/odoo/odoo-server.log
log_level = info
http_port = 8069
gevent_port = 8072
proxy_mode = True
workers = 5
max_cron_threads = 2
limit_memory_hard = 2684354560
limit_memory_soft = 2147483648
limit_request = 8192
limit_time_cpu = 600
limit_time_real = 1200
list_db = False
smtp_server = smtp.office365.com
smtp_port = 587
smtp_ssl = True
smtp_user = erp-notify@{random.choice(['hollandfoods', 'kramerparts', 'vistaoptics'])}.com
smtp_password = {human()}
''')

# a16 Moodle, config.php
add('a16/moodle/config.php', f'''<?php  // Moodle configuration file

unset($CFG);
global $CFG;
$CFG = new stdClass();

$CFG->dbtype    = 'pgsql';
$CFG->dblibrary = 'native';
$CFG->dbhost    = 'localhost';
$CFG->dbname    = 'moodle';
$CFG->dbuser    = 'moodleuser';
$CFG->dbpass    = '{human()}';
$CFG->prefix    = 'mdl_';
$CFG->dboptions = array (
  'dbpersist' => 0,
  'dbport' => 5432,
  'dbsocket' => '',
);

$CFG->wwwroot   = 'https://elearn.{random.choice(['stmarys-college', 'hvl-campus', 'northgate-academy'])}.org';
$CFG->dataroot  = '/var/moodledata';
$CFG->admin     = 'admin';

$CFG->directorypermissions = 02777;

$CFG->passwordsaltmain = '{R(31, A + "!@*-_+=?^~<>()[]:;|,")}';

$CFG->sslproxy = true;

require_once(__DIR__ . '/lib/setup.php');

// There is no php closing tag in this file,
// it is intentional because it prevents trailing whitespace problems!
''')

# a17 MediaWiki, LocalSettings.php
add('a17/mediawiki/LocalSettings.php', f'''<?php
# This file was automatically generated by the MediaWiki 1.39.5
# installer. If you make manual changes, please keep track in case you
# need to recreate them later.
#
# See includes/MainConfigSchema.php for all configurable settings
# and their default values, but don't forget to make changes in _this_
# file, not there.
#
# Further documentation for configuration settings may be found at:
# https://www.mediawiki.org/wiki/Manual:Configuration_settings

# Protect against web entry
if ( !defined( 'MEDIAWIKI' ) ) {{
	exit;
}}

$wgSitename = "OpsWiki";
$wgMetaNamespace = "OpsWiki";

## The URL base path to the directory containing the wiki;
## defaults for all runtime URL paths are based off of this.
$wgScriptPath = "/w";

## The protocol and server name to use in fully-qualified URLs
$wgServer = "https://wiki.infra.lan";

## The URL path to static resources (images, scripts, etc.)
$wgResourceBasePath = $wgScriptPath;

## UPO means: this is also a user preference option

$wgEnableEmail = true;
$wgEnableUserEmail = true; # UPO

$wgEmergencyContact = "wiki-admin@infra.lan";
$wgPasswordSender = "wiki-admin@infra.lan";

$wgEnotifUserTalk = false; # UPO
$wgEnotifWatchlist = false; # UPO
$wgEmailAuthentication = true;

## Database settings
$wgDBtype = "mysql";
$wgDBserver = "localhost";
$wgDBname = "wikidb";
$wgDBuser = "wikiuser";
$wgDBpassword = "{human()}";

# MySQL specific settings
$wgDBprefix = "";

# MySQL table options to use during installation or update
$wgDBTableOptions = "ENGINE=InnoDB, DEFAULT CHARSET=binary";

## Shared memory settings
$wgMainCacheType = CACHE_ACCEL;
$wgMemCachedServers = [];

## To enable image uploads, make sure the 'images' directory
## is writable, then set this to true:
$wgEnableUploads = true;
$wgUseImageMagick = true;
$wgImageMagickConvertCommand = "/usr/bin/convert";

# Site language code, should be one of the list in ./includes/languages/data/Names.php
$wgLanguageCode = "en";

# Time zone
$wgLocaltimezone = "UTC";

$wgSecretKey = "{H(64)}";

# Changing this will log out all existing sessions.
$wgAuthenticationTokenVersion = "1";

# Site upgrade key. Must be set to a string (default provided) to turn on the
# web installer while LocalSettings.php is in place
$wgUpgradeKey = "{H(16)}";
''')

# a18 phpBB, config.php
add('a18/phpbb/config.php', f'''<?php
// phpBB 3.3.x auto-generated configuration file
// Do not change anything in this file!
$dbms = 'phpbb\\\\db\\\\driver\\\\mysqli';
$dbhost = 'localhost';
$dbport = '';
$dbname = 'phpbb_forum';
$dbuser = 'forum';
$dbpasswd = '{human()}';
$table_prefix = 'phpbb_';
$phpbb_adm_relative_path = 'adm/';
$acm_type = 'phpbb\\\\cache\\\\driver\\\\file';

@define('PHPBB_INSTALLED', true);
@define('PHPBB_ENVIRONMENT', 'production');
// @define('DEBUG_CONTAINER', true);
''')

# a19 PrestaShop, app/config/parameters.php
add('a19/prestashop/app/config/parameters.php', f'''<?php return array (
  'parameters' =>
  array (
    'database_host' => '127.0.0.1',
    'database_port' => '',
    'database_name' => 'prestashop',
    'database_user' => 'ps_shop',
    'database_password' => '{gen(16, A)}',
    'database_prefix' => 'ps_',
    'database_engine' => 'InnoDB',
    'mailer_transport' => 'smtp',
    'mailer_host' => '127.0.0.1',
    'mailer_user' => NULL,
    'mailer_password' => NULL,
    'secret' => '{R(64)}',
    'ps_caching' => 'CacheMemcache',
    'ps_cache_enable' => false,
    'ps_creation_date' => '2022-09-14',
    'locale' => 'fr-FR',
    'use_debug_toolbar' => true,
    'cookie_key' => '{R(64)}',
    'cookie_iv' => '{R(32)}',
    'new_cookie_key' => 'def00000{H(128)}',
  ),
);
''')

# a20 OpenCart, config.php
shop = random.choice(['teeshop-berlin', 'cornerbikes', 'ilha-verde'])
add('a20/opencart/upload/config.php', f'''<?php
// HTTP
define('HTTP_SERVER', 'https://{shop}.com/');

// HTTPS
define('HTTPS_SERVER', 'https://{shop}.com/');

// DIR
define('DIR_APPLICATION', '/var/www/opencart/catalog/');
define('DIR_SYSTEM', '/var/www/opencart/system/');
define('DIR_IMAGE', '/var/www/opencart/image/');
define('DIR_STORAGE', '/var/www/storage/');
define('DIR_LANGUAGE', DIR_APPLICATION . 'language/');
define('DIR_TEMPLATE', DIR_APPLICATION . 'view/theme/');
define('DIR_CONFIG', DIR_SYSTEM . 'config/');
define('DIR_CACHE', DIR_STORAGE . 'cache/');
define('DIR_DOWNLOAD', DIR_STORAGE . 'download/');
define('DIR_LOGS', DIR_STORAGE . 'logs/');
define('DIR_MODIFICATION', DIR_STORAGE . 'modification/');
define('DIR_SESSION', DIR_STORAGE . 'session/');
define('DIR_UPLOAD', DIR_STORAGE . 'upload/');

// DB
define('DB_DRIVER', 'mysqli');
define('DB_HOSTNAME', 'localhost');
define('DB_USERNAME', 'oc_shop');
define('DB_PASSWORD', '{human()}');
define('DB_DATABASE', 'opencart');
define('DB_PORT', '3306');
define('DB_PREFIX', 'oc_');

// OpenCart API
define('OPENCART_SERVER', 'https://www.opencart.com/');
''')

# a21 Ghost, config.production.json
blog = random.choice(['fieldnotes', 'thecodegarden', 'midnightpress'])
add('a21/var/www/ghost/config.production.json', json.dumps({
    'url': f'https://{blog}.blog',
    'server': {'port': 2368, 'host': '127.0.0.1'},
    'database': {'client': 'mysql', 'connection': {
        'host': 'localhost', 'user': f'ghost-{random.randint(100, 999)}', 'password': gen(20, A),
        'database': f'{blog}_prod'}},
    'mail': {'transport': 'SMTP', 'options': {
        'service': 'Mailgun', 'host': 'smtp.eu.mailgun.org', 'port': 465, 'secure': True,
        'auth': {'user': f'postmaster@mg.{blog}.blog', 'pass': f'{H(32)}-{H(8)}-{H(8)}'}}},
    'logging': {'transports': ['file', 'stdout']},
    'process': 'systemd',
    'paths': {'contentPath': '/var/www/ghost/content'},
}, indent=2) + '\n')

# a22 Strapi, .env
add('a22/cms-backend/.env', f'''HOST=0.0.0.0
PORT=1337
APP_KEYS="{b64(16)},{b64(16)},{b64(16)},{b64(16)}"
API_TOKEN_SALT={b64(16)}
ADMIN_JWT_SECRET={b64(16)}
TRANSFER_TOKEN_SALT={b64(16)}

# Database
DATABASE_CLIENT=postgres
DATABASE_HOST=127.0.0.1
DATABASE_PORT=5432
DATABASE_NAME=strapi
DATABASE_USERNAME=strapi
DATABASE_PASSWORD={human()}
DATABASE_SSL=false
JWT_SECRET={b64(16)}

# Upload provider (@strapi/provider-upload-cloudinary)
CLOUDINARY_NAME={random.choice(['dq3xkzv1p', 'hx8ml2q0a', 'sunnyside-media'])}
CLOUDINARY_KEY={R(15, '0123456789')}
CLOUDINARY_SECRET={R(27, A + '-_')}
''')

# a23 Directus, .env
dom = random.choice(['harborview', 'lumenlabs', 'quietforest'])
pm = uid()
add('a23/directus/.env', f'''####################################################################################################
### General

HOST="0.0.0.0"
PORT=8055
PUBLIC_URL="https://cms.{dom}.io"

####################################################################################################
### Database

DB_CLIENT="pg"
DB_HOST="127.0.0.1"
DB_PORT="5432"
DB_DATABASE="directus"
DB_USER="directus"
DB_PASSWORD="{gen(24, A)}"

####################################################################################################
### Security

KEY="{uid()}"
SECRET="{R(32, A + '-_')}"
ACCESS_TOKEN_TTL="15m"
REFRESH_TOKEN_TTL="7d"
REFRESH_TOKEN_COOKIE_SECURE=true
REFRESH_TOKEN_COOKIE_SAME_SITE="lax"

####################################################################################################
### Admin (first boot only)

ADMIN_EMAIL="admin@{dom}.io"
ADMIN_PASSWORD="{human()}"

####################################################################################################
### Email

EMAIL_FROM="no-reply@{dom}.io"
EMAIL_TRANSPORT="smtp"
EMAIL_SMTP_HOST="smtp.postmarkapp.com"
EMAIL_SMTP_PORT=587
EMAIL_SMTP_USER="{pm}"
EMAIL_SMTP_PASSWORD="{pm}"
''')

# a24 Metabase, metabase.env (docker --env-file)
add('a24/metabase/metabase.env', f'''# Metabase application database (PostgreSQL)
MB_DB_TYPE=postgres
MB_DB_DBNAME=metabaseappdb
MB_DB_PORT=5432
MB_DB_USER=metabase
MB_DB_PASS={human()}
MB_DB_HOST=postgres

# Encrypts the connection details of the databases Metabase queries.
# Generate with: openssl rand -base64 32
MB_ENCRYPTION_SECRET_KEY={b64(32)}

MB_SITE_URL=https://bi.{random.choice(['koelnwerk', 'greenhollow', 'pacificrim'])}.de
MB_JETTY_PORT=3000
JAVA_TIMEZONE=Europe/Berlin
MB_PASSWORD_COMPLEXITY=strong

# Amazon SES SMTP
MB_EMAIL_SMTP_HOST=email-smtp.eu-central-1.amazonaws.com
MB_EMAIL_SMTP_PORT=587
MB_EMAIL_SMTP_SECURITY=tls
MB_EMAIL_SMTP_USERNAME={akid()}
MB_EMAIL_SMTP_PASSWORD={clean(lambda: base64.b64encode(bytes([4]) + rb(32)).decode())}
MB_EMAIL_FROM_ADDRESS=bi-reports@mail.internal
''')

# a25 n8n, .env (docker compose)
add('a25/n8n-docker/.env', f'''# DOMAIN_NAME and SUBDOMAIN together determine where n8n will be reachable from
# The top level domain to serve from
DOMAIN_NAME={random.choice(['brightpath', 'kovalenko', 'tidewater'])}.dev

# The subdomain to serve from
SUBDOMAIN=n8n

# Optional timezone to set which gets used by Cron and other scheduling nodes
# New York is the default value if not set
GENERIC_TIMEZONE=Europe/Amsterdam

# The email address to use for the TLS/SSL certificate creation
SSL_EMAIL=ops@tidewater.dev

# Postgres
POSTGRES_USER=n8n_root
POSTGRES_PASSWORD={gen(24, A)}
POSTGRES_DB=n8n
POSTGRES_NON_ROOT_USER=n8n
POSTGRES_NON_ROOT_PASSWORD={human()}

# Encrypts the credentials n8n stores in the database; keep it when moving instances
N8N_ENCRYPTION_KEY={b64(24)}
''')

# a26 Rocket.Chat, compose.yml
chat = random.choice(['chat.ferngroup.net', 'talk.solvia.io', 'im.bergmann-kg.de'])
mpw = gen(24, A)
add('a26/rocketchat/compose.yml', f'''volumes:
  mongodb_data: {{ driver: local }}

services:
  rocketchat:
    image: registry.rocket.chat/rocketchat/rocket.chat:${{RELEASE:-6.5.0}}
    restart: always
    labels:
      traefik.enable: "true"
      traefik.http.routers.rocketchat.rule: Host(`{chat}`)
      traefik.http.routers.rocketchat.tls: "true"
      traefik.http.routers.rocketchat.entrypoints: https
      traefik.http.routers.rocketchat.tls.certresolver: le
    environment:
      MONGO_URL: "mongodb://rocketchat:{mpw}@mongodb:27017/rocketchat?replicaSet=rs0&authSource=rocketchat"
      MONGO_OPLOG_URL: "mongodb://rocketchat:{mpw}@mongodb:27017/local?replicaSet=rs0&authSource=rocketchat"
      ROOT_URL: https://{chat}
      PORT: 3000
      DEPLOY_METHOD: docker
      DEPLOY_PLATFORM: compose
      ADMIN_USERNAME: rcadmin
      ADMIN_PASS: "{human()}"
      ADMIN_EMAIL: it@{chat.split('.', 1)[1]}
      OVERWRITE_SETTING_Show_Setup_Wizard: completed
    depends_on:
      - mongodb
    expose:
      - 3000
    ports:
      - "127.0.0.1:3000:3000"

  mongodb:
    image: docker.io/bitnami/mongodb:5.0
    restart: always
    volumes:
      - mongodb_data:/bitnami/mongodb
    environment:
      MONGODB_REPLICA_SET_MODE: primary
      MONGODB_REPLICA_SET_NAME: rs0
      MONGODB_PORT_NUMBER: 27017
      MONGODB_INITIAL_PRIMARY_HOST: mongodb
      MONGODB_INITIAL_PRIMARY_PORT_NUMBER: 27017
      MONGODB_ADVERTISED_HOSTNAME: mongodb
      MONGODB_ENABLE_JOURNAL: "true"
      MONGODB_ROOT_PASSWORD: "{gen(24, A)}"
      MONGODB_USERNAME: rocketchat
      MONGODB_PASSWORD: "{mpw}"
      MONGODB_DATABASE: rocketchat
      ALLOW_EMPTY_PASSWORD: "no"
''')

# a27 HashiCorp Vault, /etc/vault.d/vault.hcl (awskms seal stanza)
add('a27/etc/vault.d/vault.hcl', f'''# Full configuration options can be found at https://developer.hashicorp.com/vault/docs/configuration

ui = true

#mlock = true
#disable_mlock = true

storage "postgresql" {{
  connection_url = "postgres://vault:{gen(22, A)}@pg-vault.sec.internal:5432/vault?sslmode=require"
  ha_enabled     = "true"
}}

#storage "consul" {{
#  address = "127.0.0.1:8500"
#  path    = "vault"
#}}

# HTTP listener
#listener "tcp" {{
#  address = "127.0.0.1:8200"
#  tls_disable = 1
#}}

# HTTPS listener
listener "tcp" {{
  address       = "0.0.0.0:8200"
  tls_cert_file = "/opt/vault/tls/tls.crt"
  tls_key_file  = "/opt/vault/tls/tls.key"
}}

api_addr     = "https://vault.sec.internal:8200"
cluster_addr = "https://vault.sec.internal:8201"

# Enterprise license_path
# This will be required for enterprise as of v1.8
#license_path = "/etc/vault.d/vault.hclic"

# AWS KMS auto unseal
seal "awskms" {{
  region     = "eu-west-1"
  access_key = "{akid()}"
  secret_key = "{aws_secret()}"
  kms_key_id = "{uid()}"
}}

# HSM auto unseal
#seal "pkcs11" {{
#  lib            = "/usr/vault/lib/libCryptoki2_64.so"
#  slot           = "0"
#  pin            = "AAAA-BBBB-CCCC-DDDD"
#  key_label      = "vault-hsm-key"
#  hmac_key_label = "vault-hsm-hmac-key"
#}}
''')

# a28 Nagios Core, etc/resource.cfg
add('a28/usr/local/nagios/etc/resource.cfg', f'''###########################################################################
#
# RESOURCE.CFG - Sample Resource File for Nagios 4.4.14
#
#
# You can define $USERx$ macros in this file, which can in turn be used
# in command definitions in your host config file(s).  $USERx$ macros are
# useful for storing sensitive information such as usernames, passwords,
# etc.  They are also handy for specifying the path to plugins and
# event handlers - if you decide to move the plugins or event handlers to
# a different directory in the future, you can just update one or two
# $USERx$ macros, instead of modifying a lot of command definitions.
#
# The CGIs will not attempt to read the contents of resource files, so
# you can set restrictive permissions (600 or 660) on them.
#
# Nagios supports up to 256 $USERx$ macros ($USER1$ through $USER256$)
#
# Resource files may also be used to store configuration directives for
# external data sources like MySQL...
#
###########################################################################

# Sets $USER1$ to be the path to the plugins
$USER1$=/usr/local/nagios/libexec

# Sets $USER2$ to be the path to event handlers
#$USER2$=/usr/local/nagios/libexec/eventhandlers

# Store some usernames and passwords (hidden from the CGIs)
$USER3$=nagios_mon
$USER4$={human()}

# SNMPv3 auth and priv passphrases (check_snmp -a SHA -x AES)
$USER5$={gen(20, A)}
$USER6$={gen(20, A)}

# vCenter read-only account for check_vmware_esx
$USER7$=svc-nagios@vsphere.local
$USER8$={human()}
''')

# a29 Icinga 2, /etc/icinga2/conf.d/api-users.conf
add('a29/etc/icinga2/conf.d/api-users.conf', f'''/**
 * The ApiUser objects are used for authentication against the API.
 */
object ApiUser "root" {{
  password = "{H(16)}"
  // client_cn = ""

  permissions = [ "*" ]
}}

object ApiUser "icingaweb2" {{
  password = "{human()}"
  permissions = [ "status/query", "actions/*", "objects/modify/*", "objects/query/*" ]
}}

object ApiUser "director" {{
  password = "{gen(24, A)}"
  permissions = [ "*" ]
}}
''')

# a30 fetchmail, ~/.fetchmailrc
user = random.choice(['marta', 'jonas', 'priya'])
add(f'a30/home/{user}/.fetchmailrc', f'''# ~/.fetchmailrc -- chmod 600, fetchmail refuses rc files others can read
set daemon 300
set logfile "/home/{user}/.fetchmail.log"
set postmaster "{user}"
set no bouncemail
set no spambounce

defaults
    proto IMAP
    ssl
    sslproto TLS1.2+
    sslcertck
    fetchall
    mda "/usr/bin/procmail -d %T"

poll imap.gmail.com
    user "{user}.{random.choice(['kowalski', 'lindqvist', 'raman'])}@gmail.com" there with password "{' '.join(R(4, string.ascii_lowercase) for _ in range(4))}" is {user} here
    keep
    folder "INBOX"

poll mail.hostpoint.ch port 993
    user "info@{random.choice(['atelier-nord', 'weinhaus-keller', 'praxis-lenz'])}.ch" there with password "{human()}" is {user} here
    no keep
''')

# a31 msmtp, ~/.msmtprc
me = random.choice(['lena', 'tomas', 'ingrid'])
add(f'a31/home/{me}/.msmtprc', f'''# Set default values for all following accounts.
defaults
auth           on
tls            on
tls_trust_file /etc/ssl/certs/ca-certificates.crt
logfile        ~/.msmtp.log

# Fastmail (app password, SMTP only)
account        fastmail
host           smtp.fastmail.com
port           465
tls_starttls   off
from           {me}@fastmail.fm
user           {me}@fastmail.fm
password       {R(16, string.ascii_lowercase + string.digits)}

# Work account
account        work
host           mail.{random.choice(['kanzlei-brandt', 'solartec-gmbh', 'hafenlogistik'])}.de
port           587
from           {me}.{random.choice(['weber', 'novak', 'jansen'])}@work.de
user           {me}
password       {human()}

# Set a default account
account default : fastmail
''')

# a32 restic, /etc/restic/backup.sh (B2 repository)
add('a32/etc/restic/backup.sh', f'''#!/bin/bash
# Nightly restic backup to Backblaze B2, started from /etc/cron.d/restic
set -euo pipefail

export B2_ACCOUNT_ID="005{H(13)}0000000001"
export B2_ACCOUNT_KEY="K005{R(27, A + '/+')}"
export RESTIC_REPOSITORY="b2:{random.choice(['hb-backups', 'srv-restic', 'nas-offsite'])}:/{random.choice(['web01', 'db02', 'files'])}"
export RESTIC_PASSWORD="{gen(32, A)}"

RESTIC=/usr/local/bin/restic
EXCLUDES=/etc/restic/excludes.txt

$RESTIC backup \\
    --verbose \\
    --one-file-system \\
    --exclude-file "$EXCLUDES" \\
    --tag nightly \\
    /etc /home /var/www /var/backups/mysql

$RESTIC forget --prune \\
    --keep-daily 7 \\
    --keep-weekly 5 \\
    --keep-monthly 12

$RESTIC check --read-data-subset=5%
''')

# a33 BorgBackup, backup script from the borg docs (BORG_PASSPHRASE)
borg = r'''#!/bin/sh

# Setting this, so the repo does not need to be given on the commandline:
export BORG_REPO=ssh://borg@@HOST@:22/./backups/@BOX@

# See the section "Passphrase notes" for more infos.
export BORG_PASSPHRASE='@PASS@'

# some helpers and error handling:
info() { printf "\n%s %s\n\n" "$( date )" "$*" >&2; }
trap 'echo $( date ) Backup interrupted >&2; exit 2' INT TERM

info "Starting backup"

# Backup the most important directories into an archive named after
# the machine this script is currently running on:

borg create                         \
    --verbose                       \
    --filter AME                    \
    --list                          \
    --stats                         \
    --show-rc                       \
    --compression lz4               \
    --exclude-caches                \
    --exclude 'home/*/.cache/*'     \
    --exclude 'var/tmp/*'           \
                                    \
    ::'{hostname}-{now}'            \
    /etc                            \
    /home                           \
    /root                           \
    /var                            \

backup_exit=$?

info "Pruning repository"

# Use the `prune` subcommand to maintain 7 daily, 4 weekly and 6 monthly
# archives of THIS machine. The '{hostname}-*' matching is very important to
# limit prune's operation to this machine's archives and not apply to
# other machines' archives also:

borg prune                          \
    --list                          \
    --glob-archives '{hostname}-*'  \
    --show-rc                       \
    --keep-daily    7               \
    --keep-weekly   4               \
    --keep-monthly  6               \

prune_exit=$?

# actually free repo disk space by compacting segments

info "Compacting repository"

borg compact

compact_exit=$?

# use highest exit code as global exit code
global_exit=$(( backup_exit > prune_exit ? backup_exit : prune_exit ))
global_exit=$(( compact_exit > global_exit ? compact_exit : global_exit ))

if [ ${global_exit} -eq 0 ]; then
    info "Backup, Prune, and Compact finished successfully"
elif [ ${global_exit} -eq 1 ]; then
    info "Backup, Prune, and/or Compact finished with warnings"
else
    info "Backup, Prune, and/or Compact finished with errors"
fi

exit ${global_exit}
'''
phrase = clean(lambda: random.choice(['-', ' ', '_']).join(w.lower() for w in random.sample(WORDS, 5)) + str(random.randint(10, 99)))
add('a33/usr/local/sbin/borg-backup.sh', borg.replace('@HOST@', random.choice(['nas01.home.arpa', 'xy7k3.repo.borgbase.com', 'storagebox.hetzner.lan']))
    .replace('@BOX@', random.choice(['pve1', 'mailhost', 'gitlab'])).replace('@PASS@', phrase))

# a34 Postfix, /etc/postfix/sasl_passwd
add('a34/etc/postfix/sasl_passwd', f'''# /etc/postfix/sasl_passwd
#
# SMTP relay credentials, one "nexthop  username:password" pair per line.
# The nexthop must match relayhost (or the sender_dependent_relayhost_maps
# entry) exactly, including the [brackets] and :port.
#
# After editing:
#   postmap /etc/postfix/sasl_passwd
#   chmod 600 /etc/postfix/sasl_passwd /etc/postfix/sasl_passwd.db
#   systemctl reload postfix
#
# main.cf:
#   relayhost = [email-smtp.eu-west-1.amazonaws.com]:587
#   smtp_sasl_auth_enable = yes
#   smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd
#   smtp_sasl_security_options = noanonymous
#   smtp_tls_security_level = encrypt

# Default relay: Amazon SES
[email-smtp.eu-west-1.amazonaws.com]:587    {akid()}:{clean(lambda: base64.b64encode(bytes([4]) + rb(32)).decode())}

# Newsletter domain goes out through SendGrid (sender_dependent_relayhost_maps)
[smtp.sendgrid.net]:587    apikey:SG.{R(22, A + "-_")}.{R(43, A + "-_")}
''')

# a35 Dovecot, /etc/dovecot/users (passwd-file with PLAIN passwords)
mdom = random.choice(['kanzlei-roth.de', 'bakery-olsen.dk', 'studio-mira.it'])
dusers = '\n'.join(f'{u}@{mdom}:{{PLAIN}}{human() if i % 2 else gen(14, A)}:5000:5000::/var/vmail/{mdom}/{u}::'
                   for i, u in enumerate(random.sample(['anna', 'ben', 'info', 'office', 'carla', 'dmitri', 'invoices', 'jobs'], 5)))
add('a35/etc/dovecot/users', f'''# passwd-file for the local mail domain, read by
#   passdb {{ driver = passwd-file  args = scheme=PLAIN username_format=%u /etc/dovecot/users }}
#   userdb {{ driver = passwd-file  args = username_format=%u /etc/dovecot/users }}
#
# Format: user:{{scheme}}password:uid:gid:(gecos):home:(shell):extra_fields
# All mailboxes are owned by the vmail user (uid/gid 5000).
#
# Scheme is PLAIN for now; moving to SHA512-CRYPT is on the TODO list.
# Keep this file 0640 root:dovecot.

{dusers}

# shared mailbox for the front desk, quota raised
frontdesk@{mdom}:{{PLAIN}}{human()}:5000:5000::/var/vmail/{mdom}/frontdesk::userdb_quota_rule=*:storage=10G
''')

# a36 OpenLDAP, /etc/openldap/slapd.conf (cleartext rootpw)
sfx = random.choice(['dc=acme-tools,dc=lan', 'dc=uni-ost,dc=de', 'dc=harbourcity,dc=org'])
add('a36/etc/openldap/slapd.conf', f'''#
# See slapd.conf(5) for details on configuration options.
# This file should NOT be world readable.
#
include		/etc/openldap/schema/core.schema
include		/etc/openldap/schema/cosine.schema
include		/etc/openldap/schema/inetorgperson.schema
include		/etc/openldap/schema/nis.schema

# Define global ACLs to disable default read access.

# Do not enable referrals until AFTER you have a working directory
# service AND an understanding of referrals.
#referral	ldap://root.openldap.org

pidfile		/var/run/openldap/slapd.pid
argsfile	/var/run/openldap/slapd.args

# Load dynamic backend modules:
modulepath	/usr/lib64/openldap
moduleload	back_mdb.la
moduleload	syncprov.la

# Sample security restrictions
#	Require integrity protection (prevent hijacking)
#	Require 112-bit (3DES or better) encryption for updates
#	Require 63-bit encryption for simple bind
# security ssf=1 update_ssf=112 simple_bind=64

TLSCACertificateFile	/etc/openldap/certs/ca.pem
TLSCertificateFile	/etc/openldap/certs/ldap.pem
TLSCertificateKeyFile	/etc/openldap/certs/ldap.key

access to attrs=userPassword
	by self write
	by anonymous auth
	by * none
access to *
	by self write
	by users read
	by anonymous auth

#######################################################################
# MDB database definitions
#######################################################################

database	mdb
maxsize		1073741824
suffix		"{sfx}"
rootdn		"cn=Manager,{sfx}"
# Cleartext passwords, especially for the rootdn, should
# be avoid.  See slappasswd(8) and slapd.conf(5) for details.
# Use of strong authentication encouraged.
rootpw		{human()}
# The database directory MUST exist prior to running slapd AND
# should only be accessible by the slapd and slap tools.
# Mode 700 recommended.
directory	/var/lib/openldap/openldap-data
# Indices to maintain
index	objectClass	eq
index	uid,mail,cn	eq,sub

overlay syncprov
syncprov-checkpoint 100 10
''')

# a37 FreeRADIUS, raddb/clients.conf
add('a37/etc/freeradius/3.0/clients.conf', f'''# -*- text -*-
##
## clients.conf -- client configuration directives
##

#######################################################################
#
#  Define RADIUS clients (usually a NAS, Access Point, etc.).

#
#  Each client has a "short name" that is used to distinguish it from
#  other clients.
#
#  In version 1.x, the string after the word "client" was the IP
#  address of the client.  In 2.0, the IP address is configured via
#  the "ipaddr" or "ipv6addr" fields.  For compatibility, the 1.x
#  format is still accepted.
#
client localhost {{
	ipaddr = 127.0.0.1
	proto = *

	#  The shared secret use to "encrypt" and "sign" packets between
	#  the NAS and FreeRADIUS.  You MUST change this secret from the
	#  default, otherwise it's not a secret any more!
	#
	#  The secret can be any string, up to 8k characters in length.
	#
	#  Control codes can be entered vi octal encoding,
	#	e.g. "\\101\\102" == "AB"
	#  Quotation marks can be entered by escaping them,
	#	e.g. "foo\\"bar"
	#
	#  A note on security:  The security of the RADIUS protocol
	#  depends COMPLETELY on this secret!  We recommend using a
	#  shared secret that is composed of:
	#
	#	upper case letters
	#	lower case letters
	#	numbers
	#
	#  And is at LEAST 8 characters long, preferably 16 characters in
	#  length.  The secret MUST be random, and should not be words,
	#  phrase, or anything else that is recognisable.
	#
	secret = {R(16)}

	require_message_authenticator = no
	nas_type	 = other	# localhost isn't usually a NAS...

	limit {{
		max_connections = 16
		lifetime = 0
		idle_timeout = 30
	}}
}}

# IPv6 Client
client localhost_ipv6 {{
	ipv6addr	= ::1
	secret		= {R(16)}
}}

client unifi-aps {{
	ipaddr		= 10.20.0.0/24
	secret		= {human()}
	shortname	= aps
	nas_type	= other
}}

client vpn-gw {{
	ipaddr		= 10.0.0.1
	secret		= {R(24)}
	require_message_authenticator = yes
}}
''')

# a38 Asterisk, /etc/asterisk/pjsip.conf
sipuser = str(random.randint(1000000, 9999999)) + 'e0'
add('a38/etc/asterisk/pjsip.conf', f''';================================ TRANSPORTS ==
[transport-udp]
type=transport
protocol=udp
bind=0.0.0.0:5060
local_net=192.168.10.0/24
external_media_address=85.214.{random.randint(2, 250)}.{random.randint(2, 250)}
external_signaling_address=85.214.{random.randint(2, 250)}.{random.randint(2, 250)}

;================================ TRUNK (sipgate) ==
[sipgate]
type=registration
outbound_auth=sipgate-auth
server_uri=sip:sipgate.de
client_uri=sip:{sipuser}@sipgate.de
retry_interval=60

[sipgate-auth]
type=auth
auth_type=userpass
username={sipuser}
password={R(10, string.ascii_uppercase + string.digits)}

[sipgate]
type=aor
contact=sip:sipgate.de

[sipgate]
type=endpoint
context=from-trunk
disallow=all
allow=alaw,ulaw
outbound_auth=sipgate-auth
aors=sipgate

[sipgate]
type=identify
endpoint=sipgate
match=sipgate.de

;================================ PHONES ==
[endpoint-phone](!)
type=endpoint
context=internal
disallow=all
allow=g722,alaw,ulaw
direct_media=no

[201](endpoint-phone)
auth=201
aors=201

[201]
type=auth
auth_type=userpass
username=201
password={gen(16, A)}

[201]
type=aor
max_contacts=1

[202](endpoint-phone)
auth=202
aors=202

[202]
type=auth
auth_type=userpass
username=202
password={human()}

[202]
type=aor
max_contacts=1
''')

# a39 BIND 9, /etc/bind/named.conf.local (TSIG keys)
zone = random.choice(['corp.lan', 'office.kranz.net', 'intra.velo-shop.de'])
add('a39/etc/bind/named.conf.local', f'''//
// Do any local configuration here
//

// Consider adding the 1918 zones here, if they are not used in your
// organization
//include "/etc/bind/zones.rfc1918";

key "xfr-secondary" {{
	algorithm hmac-sha256;
	secret "{b64(32)}";
}};

key "ddns-dhcp" {{
	algorithm hmac-sha512;
	secret "{b64(64)}";
}};

server 10.53.0.2 {{
	keys {{ "xfr-secondary"; }};
}};

zone "{zone}" {{
	type primary;
	file "/var/lib/bind/db.{zone}";
	allow-transfer {{ key "xfr-secondary"; }};
	update-policy {{ grant ddns-dhcp zonesub ANY; }};
	notify yes;
}};

zone "10.in-addr.arpa" {{
	type primary;
	file "/var/lib/bind/db.10";
	allow-transfer {{ key "xfr-secondary"; }};
	allow-update {{ key "ddns-dhcp"; }};
}};
''')

# a40 Keepalived, /etc/keepalived/keepalived.conf (auth_pass)
add('a40/etc/keepalived/keepalived.conf', f'''! Configuration File for keepalived

global_defs {{
   notification_email {{
     noc@corp.lan
   }}
   notification_email_from keepalived@lb1.corp.lan
   smtp_server 127.0.0.1
   smtp_connect_timeout 30
   router_id LB1
   vrrp_skip_check_adv_addr
   enable_script_security
}}

vrrp_script chk_haproxy {{
   script "/usr/bin/killall -0 haproxy"
   interval 2
   weight 2
}}

vrrp_instance VI_1 {{
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 101
    advert_int 1
    authentication {{
        auth_type PASS
        auth_pass {R(8)}
    }}
    virtual_ipaddress {{
        10.0.10.100/24
    }}
    track_script {{
        chk_haproxy
    }}
    notify_master "/etc/keepalived/notify.sh MASTER"
}}
''')

# a41 OpenWrt, /etc/config/wireless (UCI, wifi keys)
ssid = random.choice(['FRITZ!Box Bauer', 'Casa-Moretti', 'Lindenweg7', 'NETGEAR-Koval'])
wkey = human()
add('a41/etc/config/wireless', f'''
config wifi-device 'radio0'
	option type 'mac80211'
	option path 'platform/soc/18000000.wifi'
	option channel '1'
	option band '2g'
	option htmode 'HE20'
	option cell_density '0'
	option country 'DE'

config wifi-iface 'default_radio0'
	option device 'radio0'
	option network 'lan'
	option mode 'ap'
	option ssid '{ssid}'
	option encryption 'sae-mixed'
	option key '{wkey}'

config wifi-device 'radio1'
	option type 'mac80211'
	option path 'platform/soc/18000000.wifi+1'
	option channel '36'
	option band '5g'
	option htmode 'HE80'
	option cell_density '0'
	option country 'DE'

config wifi-iface 'default_radio1'
	option device 'radio1'
	option network 'lan'
	option mode 'ap'
	option ssid '{ssid}'
	option encryption 'sae-mixed'
	option key '{wkey}'

config wifi-iface 'guest'
	option device 'radio0'
	option network 'guest'
	option mode 'ap'
	option ssid '{ssid}-Gast'
	option encryption 'psk2'
	option key '{human()}'
	option isolate '1'
''')

# a42 Eclipse Mosquitto, /etc/mosquitto/conf.d/bridge.conf (remote_password)
add('a42/etc/mosquitto/conf.d/bridge.conf', f'''# =================================================================
# Bridges
# =================================================================

# A bridge is a way of connecting multiple MQTT brokers together.
# Create a new bridge using the "connection" option as described below. Set
# options for the bridges using the remaining parameters. You must specify the
# address and at least one topic to subscribe to.
#
# Each connection must have a unique name.
# The address line may have multiple host address and ports specified. See
# below in the round_robin description for more details on bridge behaviour if
# multiple addresses are used. Note that if you use an IPv6 address, then you
# are required to specify a port.
#
# The direction that the topic will be shared can be chosen by
# specifying out, in or both, where the default value is out.
# The QoS level of the bridged communication can be specified with the next
# topic option. The default QoS level is 0, to change the QoS the topic
# direction must also be given.

connection cloud-bridge
address {H(32)}.s1.eu.hivemq.cloud:8883
topic sensors/# out 1
topic cmd/# in 1
remote_clientid plant-gw-01
remote_username gw01
remote_password {gen(20, A)}
bridge_protocol_version mqttv311
bridge_capath /etc/ssl/certs
cleansession false
notifications true
try_private true
''')

# a43 Telegraf, /etc/telegraf/telegraf.conf (InfluxDB v2 token, MySQL DSN)
add('a43/etc/telegraf/telegraf.conf', f'''# Telegraf Configuration
#
# Telegraf is entirely plugin driven. All metrics are gathered from the
# declared inputs, and sent to the declared outputs.
#
# Plugins must be declared in here to be active.
# To deactivate a plugin, comment out the name and any variables.
#
# Environment variables can be used anywhere in this config file, simply surround
# them with ${{}}. For strings the variable must be within quotes (ie, "${{STR_VAR}}"),
# for numbers and booleans they should be plain (ie, ${{INT_VAR}}, ${{BOOL_VAR}})


# Global tags can be specified here in key="value" format.
[global_tags]
  # dc = "us-east-1" # will tag all metrics with dc=us-east-1
  # rack = "1a"

# Configuration for telegraf agent
[agent]
  ## Default data collection interval for all inputs
  interval = "10s"
  ## Rounds collection interval to 'interval'
  ## ie, if interval="10s" then always collect on :00, :10, :20, etc.
  round_interval = true
  metric_batch_size = 1000
  metric_buffer_limit = 10000
  collection_jitter = "0s"
  flush_interval = "10s"
  flush_jitter = "0s"
  precision = "0s"
  hostname = ""
  omit_hostname = false

###############################################################################
#                            OUTPUT PLUGINS                                   #
###############################################################################

# Configuration for sending metrics to InfluxDB 2.0
[[outputs.influxdb_v2]]
  ## The URLs of the InfluxDB cluster nodes.
  ##
  ## Multiple URLs can be specified for a single cluster, only ONE of the
  ## urls will be written to each interval.
  urls = ["https://eu-central-1-1.aws.cloud2.influxdata.com"]

  ## Token for authentication.
  token = "{u64(64)}"

  ## Organization is the name of the organization you wish to write to.
  organization = "{random.choice(['ops', 'platform', 'sre'])}@{random.choice(['nordbahn', 'keller-it', 'quantix'])}.io"

  ## Destination bucket to write into.
  bucket = "telegraf"

###############################################################################
#                            INPUT PLUGINS                                    #
###############################################################################

# Read metrics about cpu usage
[[inputs.cpu]]
  percpu = true
  totalcpu = true
  collect_cpu_time = false
  report_active = false

[[inputs.mem]]

[[inputs.disk]]
  ignore_fs = ["tmpfs", "devtmpfs", "devfs", "iso9660", "overlay", "aufs", "squashfs"]

# Read metrics from one or many mysql servers
[[inputs.mysql]]
  servers = ["telegraf:{gen(18, A)}@tcp(127.0.0.1:3306)/?tls=false"]
''')

# a44 Graylog, /etc/graylog/server/server.conf (password_secret; root_password_sha2 is a hash)
gpw = gen(20, A)
add('a44/etc/graylog/server/server.conf', f'''############################
# GRAYLOG CONFIGURATION FILE
############################
#
# This is the Graylog configuration file. The file has to use ISO 8859-1/Latin-1 character encoding.
# Characters that cannot be directly represented in this encoding can be written using Unicode escapes
# as defined in https://docs.oracle.com/javase/specs/jls/se8/html/jls-3.html#jls-3.3, using the \\u prefix.
#
# * Entries are generally expected to be a single line of the form, one of the following:
#
# propertyName=propertyValue
# propertyName:propertyValue

# If you are running more than one instances of Graylog server you have to select one of these
# instances as leader. The leader will perform some periodical tasks that non-leaders won't perform.
is_leader = true

# The auto-generated node ID will be stored in this file and read after restarts. It is a good idea
# to use an absolute file path here if you are starting Graylog server from init scripts or similar.
node_id_file = /etc/graylog/server/node-id

# You MUST set a secret to secure/pepper the stored user passwords here. Use at least 64 characters.
# Generate one by using for example: pwgen -N 1 -s 96
# ATTENTION: This value must be the same on all Graylog nodes in the cluster.
# Changing this value after installation will render all user sessions and encrypted values in the database invalid. (e.g. encrypted access tokens)
password_secret = {R(96)}

# The default root user is named 'admin'
#root_username = admin

# You MUST specify a hash password for the root user (which you only need to initially set up the
# system and in case you lose connectivity to your authentication backend)
# This password cannot be changed using the API or via the web interface. If you need to change it,
# modify it in this file.
# Create one by using for example: echo -n yourpassword | shasum -a 256
# and put the resulting hash value into the following line
root_password_sha2 = {hashlib.sha256(human().encode()).hexdigest()}

# The time zone setting of the root user. See http://www.joda.org/joda-time/timezones.html for a list of valid time zones.
# Default is UTC
root_timezone = Europe/Berlin

# Set plugin directory here (relative or absolute)
plugin_dir = /usr/share/graylog-server/plugin

###############
# HTTP settings
###############
http_bind_address = 0.0.0.0:9000

# List of Elasticsearch hosts Graylog should connect to.
elasticsearch_hosts = https://graylog:{gpw}@opensearch-1.log.internal:9200,https://graylog:{gpw}@opensearch-2.log.internal:9200

# MongoDB connection string
# See https://docs.mongodb.com/manual/reference/connection-string/ for details
mongodb_uri = mongodb://graylog:{gen(22, A)}@mongo-1.log.internal:27017,mongo-2.log.internal:27017/graylog?replicaSet=rs01
mongodb_max_connections = 1000
''')

# a45 Discourse, containers/app.yml (SMTP key, MaxMind license key)
forum = random.choice(['community.openhike', 'forum.makerspace-ulm', 'talk.rustbelt-devs'])
fdom = forum.split('.', 1)[1] + '.org'
add('a45/var/discourse/containers/app.yml', f'''## this is the all-in-one, standalone Discourse Docker container template
##
## After making changes to this file, you MUST rebuild
## /var/discourse/launcher rebuild app
##
## BE *VERY* CAREFUL WHEN EDITING!
## YAML FILES ARE SUPER SUPER SENSITIVE TO MISTAKES IN WHITESPACE OR ALIGNMENT!
## visit http://www.yamllint.com/ to validate this file as needed

templates:
  - "templates/postgres.template.yml"
  - "templates/redis.template.yml"
  - "templates/web.template.yml"
  ## Uncomment the next line to enable the IPv6 listener
  #- "templates/web.ipv6.template.yml"
  - "templates/web.ratelimited.template.yml"
  ## Uncomment these two lines if you wish to add Lets Encrypt (https)
  - "templates/web.ssl.template.yml"
  - "templates/web.letsencrypt.ssl.template.yml"

## which TCP/IP ports should this container expose?
## If you want Discourse to share a port with another webserver like Apache or nginx,
## see https://meta.discourse.org/t/17247 for details
expose:
  - "80:80"   # http
  - "443:443" # https

params:
  db_default_text_search_config: "pg_catalog.english"

  ## Set db_shared_buffers to a max of 25% of the total memory.
  ## will be set automatically by bootstrap based on detected RAM, or you can override
  db_shared_buffers: "1024MB"

env:
  LC_ALL: en_US.UTF-8
  LANG: en_US.UTF-8
  LANGUAGE: en_US.UTF-8

  ## How many concurrent web requests are supported? Depends on memory and CPU cores.
  ## will be set automatically by bootstrap based on detected CPUs, or you can override
  UNICORN_WORKERS: 4

  ## The domain name this Discourse instance will respond to
  ## Required. Discourse will not work with a bare IP number.
  DISCOURSE_HOSTNAME: {forum}.org

  ## List of comma delimited emails that will be made admin and developer
  DISCOURSE_DEVELOPER_EMAILS: 'admin@{fdom}'

  ## The SMTP mail server used to validate new accounts and send notifications
  # SMTP ADDRESS, username, and password are required
  # WARNING the char '#' in SMTP password can cause problems!
  DISCOURSE_SMTP_ADDRESS: smtp-relay.brevo.com
  DISCOURSE_SMTP_PORT: 587
  DISCOURSE_SMTP_USER_NAME: {R(6, string.ascii_lowercase + string.digits)}001@smtp-brevo.com
  DISCOURSE_SMTP_PASSWORD: "xsmtpsib-{H(64)}-{R(16)}"
  DISCOURSE_SMTP_DOMAIN: {fdom}
  DISCOURSE_NOTIFICATION_EMAIL: noreply@{fdom}

  ## If you added the Lets Encrypt template, uncomment below to get a free SSL certificate
  LETSENCRYPT_ACCOUNT_EMAIL: admin@{fdom}

  ## The maxmind geolocation IP account ID and license key for IP address lookups
  ## see https://meta.discourse.org/t/-/173941 for details
  DISCOURSE_MAXMIND_ACCOUNT_ID: {random.randint(100000, 999999)}
  DISCOURSE_MAXMIND_LICENSE_KEY: {R(6)}_{R(29)}_mmk

## The Docker container is stateless; all data is stored in /shared
volumes:
  - volume:
      host: /var/discourse/shared/standalone
      guest: /shared
  - volume:
      host: /var/discourse/shared/standalone/log/var-log
      guest: /var/log
''')

# ---- negatives: the same kind of files, shipped or committed without a credential ----

# b01 Apache Tomcat, conf/context.xml (JNDI DataSource from ${...} system properties)
add('b01/tomcat/conf/context.xml', '''<?xml version="1.0" encoding="UTF-8"?>
<!--
  Licensed to the Apache Software Foundation (ASF) under one or more
  contributor license agreements.  See the NOTICE file distributed with
  this work for additional information regarding copyright ownership.
  The ASF licenses this file to You under the Apache License, Version 2.0
  (the "License"); you may not use this file except in compliance with
  the License.  You may obtain a copy of the License at

      http://www.apache.org/licenses/LICENSE-2.0

  Unless required by applicable law or agreed to in writing, software
  distributed under the License is distributed on an "AS IS" BASIS,
  WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
  See the License for the specific language governing permissions and
  limitations under the License.
-->
<!-- The contents of this file will be loaded for each web application -->
<Context>

    <!-- Default set of monitored resources. If one of these changes, the    -->
    <!-- web application will be reloaded.                                   -->
    <WatchedResource>WEB-INF/web.xml</WatchedResource>
    <WatchedResource>WEB-INF/tomcat-web.xml</WatchedResource>
    <WatchedResource>${catalina.base}/conf/web.xml</WatchedResource>

    <!-- Uncomment this to disable session persistence across Tomcat restarts -->
    <!--
    <Manager pathname="" />
    -->

    <!-- db.orders.* are passed as -D system properties by the systemd unit,
         which reads them from /etc/tomcat/orders-db.env (root:tomcat 0640). -->
    <Resource name="jdbc/OrdersDB" auth="Container" type="javax.sql.DataSource"
              maxTotal="50" maxIdle="10" maxWaitMillis="10000"
              username="${db.orders.user}" password="${db.orders.password}"
              driverClassName="org.postgresql.Driver"
              url="jdbc:postgresql://${db.orders.host}:5432/orders"/>
</Context>
''')

# b02 Apache Solr, security.json (BasicAuth stores salted SHA-256 hashes only)
add('b02/solr/server/solr/security.json', json.dumps({
    'authentication': {
        'blockUnknown': True,
        'class': 'solr.BasicAuthPlugin',
        'credentials': {'solr': f'{b64(32)} {b64(32)}', 'indexer': f'{b64(32)} {b64(32)}'},
        'realm': 'Search cluster',
        'forwardCredentials': False},
    'authorization': {
        'class': 'solr.RuleBasedAuthorizationPlugin',
        'permissions': [{'name': 'security-edit', 'role': 'admin'},
                        {'name': 'update', 'role': ['admin', 'indexer']},
                        {'name': 'read', 'role': '*'}],
        'user-role': {'solr': 'admin', 'indexer': 'indexer'}},
}, indent=2) + '\n')

# b03 Pi-hole, /etc/pihole/setupVars.conf (WEBPASSWORD is a double SHA-256 hash)
add('b03/etc/pihole/setupVars.conf', f'''PIHOLE_INTERFACE=eth0
QUERY_LOGGING=true
INSTALL_WEB_SERVER=true
INSTALL_WEB_INTERFACE=true
LIGHTTPD_ENABLED=true
CACHE_SIZE=10000
DNS_FQDN_REQUIRED=true
DNS_BOGUS_PRIV=true
DNSMASQ_LISTENING=local
WEBPASSWORD={hashlib.sha256(hashlib.sha256(human().encode()).hexdigest().encode()).hexdigest()}
BLOCKING_ENABLED=true
PIHOLE_DNS_1=9.9.9.9
PIHOLE_DNS_2=149.112.112.112
DNSSEC=true
REV_SERVER=false
WEBUIBOXEDLAYOUT=boxed
WEBTHEME=default-dark
IPV4_ADDRESS=192.168.1.2/24
IPV6_ADDRESS=
''')

# b04 Odoo, /etc/odoo/odoo.conf (admin_passwd already hashed by Odoo, DB over peer auth)
add('b04/etc/odoo/odoo.conf', f'''[options]
; This is the password that allows database operations:
; (Odoo rewrote it as a pbkdf2 hash when it was set from the database manager)
admin_passwd = $pbkdf2-sha512$600000${ab64(16)}${ab64(64)}
db_host = False
db_port = False
db_user = odoo
db_password = False
db_name = False
;addons_path = /usr/lib/python3/dist-packages/odoo/addons
addons_path = /usr/lib/python3/dist-packages/odoo/addons,/opt/odoo/custom-addons
default_productivity_apps = True
data_dir = /var/lib/odoo
logfile = /var/log/odoo/odoo-server.log
proxy_mode = True
workers = 4
max_cron_threads = 1
list_db = False
''')

# b05 Strapi, .env.example as the project ships it
add('b05/cms-backend/.env.example', '''HOST=0.0.0.0
PORT=1337
APP_KEYS="toBeModified1,toBeModified2"
API_TOKEN_SALT=tobemodified
ADMIN_JWT_SECRET=tobemodified
TRANSFER_TOKEN_SALT=tobemodified
JWT_SECRET=tobemodified

# Database
DATABASE_CLIENT=postgres
DATABASE_HOST=127.0.0.1
DATABASE_PORT=5432
DATABASE_NAME=strapi
DATABASE_USERNAME=strapi
DATABASE_PASSWORD=
DATABASE_SSL=false

# Upload provider (@strapi/provider-upload-cloudinary)
CLOUDINARY_NAME=
CLOUDINARY_KEY=
CLOUDINARY_SECRET=
''')

# b06 Discourse, containers/app.yml as an Ansible template ({{ vault_* }})
add('b06/roles/discourse/templates/app.yml.j2', '''## this is the all-in-one, standalone Discourse Docker container template
##
## After making changes to this file, you MUST rebuild
## /var/discourse/launcher rebuild app
##
## Managed by Ansible (roles/discourse) -- values come from group_vars and the vault.

templates:
  - "templates/postgres.template.yml"
  - "templates/redis.template.yml"
  - "templates/web.template.yml"
  - "templates/web.ratelimited.template.yml"
  - "templates/web.ssl.template.yml"
  - "templates/web.letsencrypt.ssl.template.yml"

expose:
  - "80:80"   # http
  - "443:443" # https

params:
  db_default_text_search_config: "pg_catalog.english"
  db_shared_buffers: "{{ discourse_db_shared_buffers | default('1024MB') }}"

env:
  LC_ALL: en_US.UTF-8
  LANG: en_US.UTF-8
  LANGUAGE: en_US.UTF-8
  UNICORN_WORKERS: {{ discourse_unicorn_workers }}

  DISCOURSE_HOSTNAME: {{ discourse_hostname }}
  DISCOURSE_DEVELOPER_EMAILS: '{{ discourse_admin_emails | join(",") }}'

  # WARNING the char '#' in SMTP password can cause problems!
  DISCOURSE_SMTP_ADDRESS: {{ discourse_smtp_host }}
  DISCOURSE_SMTP_PORT: 587
  DISCOURSE_SMTP_USER_NAME: {{ discourse_smtp_user }}
  DISCOURSE_SMTP_PASSWORD: "{{ vault_discourse_smtp_password }}"
  DISCOURSE_SMTP_DOMAIN: {{ discourse_mail_domain }}
  DISCOURSE_NOTIFICATION_EMAIL: noreply@{{ discourse_mail_domain }}

  LETSENCRYPT_ACCOUNT_EMAIL: {{ discourse_letsencrypt_email }}

  DISCOURSE_MAXMIND_ACCOUNT_ID: {{ vault_maxmind_account_id }}
  DISCOURSE_MAXMIND_LICENSE_KEY: {{ vault_maxmind_license_key }}

volumes:
  - volume:
      host: /var/discourse/shared/standalone
      guest: /shared
  - volume:
      host: /var/discourse/shared/standalone/log/var-log
      guest: /var/log
''')

# b07 Redmine, config/database.yml (<%= ENV[...] %>)
add('b07/redmine/config/database.yml', '''# Default setup is given for MySQL 5.7.7 or later.
# Examples for PostgreSQL, SQLite3 and SQL Server can be found at the end.
# Line indentation must be 2 spaces (no tabs).

production:
  adapter: mysql2
  database: redmine
  host: <%= ENV.fetch('REDMINE_DB_HOST', 'localhost') %>
  port: 3306
  username: <%= ENV['REDMINE_DB_USERNAME'] %>
  password: <%= ENV['REDMINE_DB_PASSWORD'] %>
  # Use "utf8" instead of "utfmb4" for MySQL prior to 5.7.7
  encoding: utf8mb4
  variables:
    # Recommended `transaction_isolation` for MySQL to avoid concurrency issues is
    # `READ-COMMITTED`.
    # In case of MySQL lower than 8, the variable name is `tx_isolation`.
    # See https://www.redmine.org/projects/redmine/wiki/MySQL_configuration
    transaction_isolation: "READ-COMMITTED"

development:
  adapter: mysql2
  database: redmine_development
  host: localhost
  username: root
  password: ""
  # Use "utf8" instead of "utfmb4" for MySQL prior to 5.7.7
  encoding: utf8mb4
''')

# b08 Moodle, config.php (getenv())
add('b08/moodle/config.php', '''<?php  // Moodle configuration file

unset($CFG);
global $CFG;
$CFG = new stdClass();

$CFG->dbtype    = 'pgsql';
$CFG->dblibrary = 'native';
$CFG->dbhost    = getenv('MOODLE_DB_HOST') ?: 'localhost';
$CFG->dbname    = 'moodle';
$CFG->dbuser    = getenv('MOODLE_DB_USER');
$CFG->dbpass    = getenv('MOODLE_DB_PASSWORD');
$CFG->prefix    = 'mdl_';
$CFG->dboptions = array (
  'dbpersist' => 0,
  'dbport' => 5432,
  'dbsocket' => '',
);

$CFG->wwwroot   = getenv('MOODLE_WWWROOT');
$CFG->dataroot  = '/var/moodledata';
$CFG->admin     = 'admin';

$CFG->directorypermissions = 02777;

$CFG->smtphosts = getenv('MOODLE_SMTP_HOST');
$CFG->smtpuser  = getenv('MOODLE_SMTP_USER');
$CFG->smtppass  = getenv('MOODLE_SMTP_PASSWORD');

require_once(__DIR__ . '/lib/setup.php');

// There is no php closing tag in this file,
// it is intentional because it prevents trailing whitespace problems!
''')

# b09 Graylog, server.conf (password_secret left to the environment, root password as SHA-256 only)
add('b09/etc/graylog/server/server.conf', f'''############################
# GRAYLOG CONFIGURATION FILE
############################
#
# This is the Graylog configuration file. The file has to use ISO 8859-1/Latin-1 character encoding.
# Characters that cannot be directly represented in this encoding can be written using Unicode escapes
# as defined in https://docs.oracle.com/javase/specs/jls/se8/html/jls-3.html#jls-3.3, using the \\u prefix.

# If you are running more than one instances of Graylog server you have to select one of these
# instances as leader. The leader will perform some periodical tasks that non-leaders won't perform.
is_leader = true

# The auto-generated node ID will be stored in this file and read after restarts. It is a good idea
# to use an absolute file path here if you are starting Graylog server from init scripts or similar.
node_id_file = /etc/graylog/server/node-id

# You MUST set a secret to secure/pepper the stored user passwords here. Use at least 64 characters.
# Generate one by using for example: pwgen -N 1 -s 96
# ATTENTION: This value must be the same on all Graylog nodes in the cluster.
# Set through GRAYLOG_PASSWORD_SECRET in /etc/default/graylog-server (not in git).
password_secret =

# You MUST specify a hash password for the root user (which you only need to initially set up the
# system and in case you lose connectivity to your authentication backend)
# Create one by using for example: echo -n yourpassword | shasum -a 256
# and put the resulting hash value into the following line
root_password_sha2 = {hashlib.sha256(human().encode()).hexdigest()}

root_timezone = Europe/Berlin
plugin_dir = /usr/share/graylog-server/plugin
http_bind_address = 0.0.0.0:9000

# List of Elasticsearch hosts Graylog should connect to.
elasticsearch_hosts = http://127.0.0.1:9200

# MongoDB connection string
# See https://docs.mongodb.com/manual/reference/connection-string/ for details
mongodb_uri = mongodb://localhost/graylog
mongodb_max_connections = 1000
''')

# b10 OpenLDAP, slapd.conf (rootpw as {SSHA} hash)
salt = rb(8)
ssha = base64.b64encode(hashlib.sha1(human().encode() + salt).digest() + salt).decode()
add('b10/etc/openldap/slapd.conf', f'''#
# See slapd.conf(5) for details on configuration options.
# This file should NOT be world readable.
#
include		/etc/openldap/schema/core.schema
include		/etc/openldap/schema/cosine.schema
include		/etc/openldap/schema/inetorgperson.schema
include		/etc/openldap/schema/nis.schema

pidfile		/var/run/openldap/slapd.pid
argsfile	/var/run/openldap/slapd.args

# Load dynamic backend modules:
modulepath	/usr/lib64/openldap
moduleload	back_mdb.la

TLSCACertificateFile	/etc/openldap/certs/ca.pem
TLSCertificateFile	/etc/openldap/certs/ldap.pem
TLSCertificateKeyFile	/etc/openldap/certs/ldap.key

#######################################################################
# MDB database definitions
#######################################################################

database	mdb
maxsize		1073741824
suffix		"dc=nordlicht,dc=lan"
rootdn		"cn=Manager,dc=nordlicht,dc=lan"
# Cleartext passwords, especially for the rootdn, should
# be avoid.  See slappasswd(8) and slapd.conf(5) for details.
# Use of strong authentication encouraged.
rootpw		{{SSHA}}{ssha}
# The database directory MUST exist prior to running slapd AND
# should only be accessible by the slapd and slap tools.
# Mode 700 recommended.
directory	/var/lib/openldap/openldap-data
# Indices to maintain
index	objectClass	eq
index	uid,mail	eq,sub
''')

# b11 Supervisor, /etc/supervisor/supervisord.conf (%(ENV_X)s expansions)
add('b11/etc/supervisor/supervisord.conf', '''; supervisor config file

[unix_http_server]
file=/var/run/supervisor.sock   ; (the path to the socket file)
chmod=0700                       ; sockef file mode (default 0700)

[inet_http_server]         ; inet (TCP) server disabled by default
port=127.0.0.1:9001        ; ip_address:port specifier, *:port for all iface
username=%(ENV_SUPERVISOR_USER)s
password=%(ENV_SUPERVISOR_PASS)s

[supervisord]
logfile=/var/log/supervisor/supervisord.log ; (main log file;default $CWD/supervisord.log)
pidfile=/var/run/supervisord.pid ; (supervisord pidfile;default supervisord.pid)
childlogdir=/var/log/supervisor            ; ('AUTO' child log dir, default $TEMP)

; the below section must remain in the config file for RPC
; (supervisorctl/web interface) to work, additional interfaces may be
; added by defining them in separate rpcinterface: sections
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix:///var/run/supervisor.sock ; use a unix:// URL  for a unix socket

[program:celery]
command=/srv/app/venv/bin/celery -A app worker -l info
directory=/srv/app
user=app
environment=DATABASE_URL="%(ENV_DATABASE_URL)s",SECRET_KEY="%(ENV_APP_SECRET_KEY)s",BROKER_URL="%(ENV_BROKER_URL)s"
autostart=true
autorestart=true

[include]
files = /etc/supervisor/conf.d/*.conf
''')

# b12 Apache Kafka, server.properties (secrets through FileConfigProvider ${file:...})
add('b12/kafka/config/server.properties', '''# Licensed to the Apache Software Foundation (ASF) under one or more
# contributor license agreements.  See the NOTICE file distributed with
# this work for additional information regarding copyright ownership.
# The ASF licenses this file to You under the Apache License, Version 2.0
# (the "License"); you may not use this file except in compliance with
# the License.  You may obtain a copy of the License at
#
#    http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

############################# Server Basics #############################

# The id of the broker. This must be set to a unique integer for each broker.
broker.id=2

############################# Socket Server Settings #############################

listeners=SASL_SSL://0.0.0.0:9093
advertised.listeners=SASL_SSL://kafka-2.data.internal:9093
security.inter.broker.protocol=SASL_SSL
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.enabled.mechanisms=SCRAM-SHA-512

# Secrets live in /etc/kafka/secrets/*.properties (0400 kafka:kafka), rendered by Vault Agent
config.providers=file
config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider

listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\
    username="${file:/etc/kafka/secrets/broker.properties:broker.user}" \\
    password="${file:/etc/kafka/secrets/broker.properties:broker.password}";

ssl.keystore.location=/etc/kafka/ssl/kafka-2.keystore.jks
ssl.keystore.password=${file:/etc/kafka/secrets/ssl.properties:keystore.password}
ssl.key.password=${file:/etc/kafka/secrets/ssl.properties:key.password}
ssl.truststore.location=/etc/kafka/ssl/truststore.jks
ssl.truststore.password=${file:/etc/kafka/secrets/ssl.properties:truststore.password}

############################# Log Basics #############################

# A comma separated list of directories under which to store log files
log.dirs=/var/lib/kafka/data
num.partitions=3
log.retention.hours=168

zookeeper.connect=zk-1.data.internal:2181,zk-2.data.internal:2181,zk-3.data.internal:2181/kafka
zookeeper.connection.timeout.ms=18000
''')

write()
