/** Manifests as real projects write them (trimmed), one per format Shipshape reads. */

export const POM_XML = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.2.1</version>
    <relativePath/> <!-- lookup parent from repository -->
  </parent>
  <groupId>com.example</groupId>
  <artifactId>orders</artifactId>
  <version>0.0.1-SNAPSHOT</version>
  <properties>
    <java.version>17</java.version>
    <commons-lang3.version>3.14.0</commons-lang3.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>software.amazon.awssdk</groupId>
        <artifactId>bom</artifactId>
        <version>2.21.0</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
    <dependency>
      <groupId>org.apache.commons</groupId>
      <artifactId>commons-lang3</artifactId>
      <version>\${commons-lang3.version}</version>
    </dependency>
    <dependency>
      <groupId>org.projectlombok</groupId>
      <artifactId>lombok</artifactId>
      <optional>true</optional>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-test</artifactId>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <profiles>
    <profile>
      <id>postgres</id>
      <dependencies>
        <dependency>
          <groupId>org.postgresql</groupId>
          <artifactId>postgresql</artifactId>
          <version>42.7.1</version>
          <scope>runtime</scope>
        </dependency>
      </dependencies>
    </profile>
    <profile>
      <id>it</id>
      <dependencies>
        <dependency>
          <groupId>org.testcontainers</groupId>
          <artifactId>postgresql</artifactId>
          <version>1.19.3</version>
          <scope>test</scope>
        </dependency>
      </dependencies>
    </profile>
  </profiles>
  <build>
    <plugins>
      <plugin>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-maven-plugin</artifactId>
      </plugin>
    </plugins>
  </build>
</project>
`;

export const BUILD_GRADLE = `plugins {
    id 'java'
    id 'org.springframework.boot' version '3.2.1'
}

buildscript {
    dependencies {
        classpath 'com.google.cloud.tools:jib-gradle-plugin:3.4.0'
    }
}

repositories {
    mavenCentral()
}

dependencies {
    implementation 'org.springframework.boot:spring-boot-starter-web'
    implementation platform('org.springframework.boot:spring-boot-dependencies:3.2.1')
    implementation group: 'com.google.guava', name: 'guava', version: '33.0.0-jre'
    implementation project(':core')
    implementation libs.okhttp
    implementation fileTree(dir: 'libs', include: ['*.jar'])
    compileOnly 'org.projectlombok:lombok:1.18.30'
    annotationProcessor 'org.projectlombok:lombok:1.18.30'
    runtimeOnly "org.postgresql:postgresql:42.7.1"
    // implementation 'org.example:commented-out:1.0'
    /* implementation 'org.example:block-commented:1.0' */
    testImplementation('org.junit.jupiter:junit-jupiter:5.10.1') {
        exclude group: 'org.hamcrest'
    }
    testRuntimeOnly 'org.junit.platform:junit-platform-launcher'
}

tasks.named('test') {
    useJUnitPlatform()
}
`;

export const BUILD_GRADLE_KTS = `plugins {
    kotlin("jvm") version "1.9.22"
    id("com.google.devtools.ksp") version "1.9.22-1.0.16"
}

dependencies {
    implementation(libs.jackson.databind)
    implementation(platform("io.ktor:ktor-bom:2.3.7"))
    implementation("io.ktor:ktor-server-core") {
        exclude(group = "org.slf4j")
    }
    implementation(kotlin("reflect"))
    implementation(
        "com.squareup.retrofit2:retrofit:2.9.0"
    )
    implementation(group = "io.arrow-kt", name = "arrow-core", version = "1.2.1")
    ksp("com.google.dagger:dagger-compiler:2.50")
    testImplementation(kotlin("test"))
    testImplementation("io.mockk:mockk:1.13.9")
    constraints {
        implementation("org.apache.commons:commons-text:1.11.0")
    }
}

val greeting = "dependencies { implementation(\\"not:a-dependency:1\\") }"
`;

export const VERSION_CATALOG = `[versions]
okhttp = "4.12.0"
kotlin = "1.9.22"

[libraries]
okhttp = { module = "com.squareup.okhttp3:okhttp", version.ref = "okhttp" }
jackson-databind = { group = "com.fasterxml.jackson.core", name = "jackson-databind", version = "2.16.1" }
kotlin-stdlib = { module = "org.jetbrains.kotlin:kotlin-stdlib", version.ref = "kotlin" }
junit = "junit:junit:4.13.2"

[bundles]
network = ["okhttp"]

[plugins]
kotlin-jvm = { id = "org.jetbrains.kotlin.jvm", version.ref = "kotlin" }
`;

export const COMPOSER_JSON = JSON.stringify(
  {
    name: "acme/shop",
    type: "project",
    require: {
      php: "^8.2",
      "ext-json": "*",
      "ext-mbstring": "*",
      "Monolog/Monolog": "^3.5",
      "symfony/console": "^7.0",
      "composer-runtime-api": "^2.2",
    },
    "require-dev": { "phpunit/phpunit": "^10.5", "phpstan/phpstan": "^1.10" },
    autoload: { "psr-4": { "Acme\\Shop\\": "src/" } },
  },
  null,
  4,
);

export const CSPROJ = `<Project Sdk="Microsoft.NET.Sdk.Web">

  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
  </PropertyGroup>

  <ItemGroup>
    <PackageReference Include="Serilog.AspNetCore" Version="8.0.0" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer">
      <Version>8.0.1</Version>
    </PackageReference>
  </ItemGroup>

  <ItemGroup>
    <PackageReference Include="StyleCop.Analyzers" Version="1.1.118">
      <PrivateAssets>all</PrivateAssets>
      <IncludeAssets>runtime; build; native; contentfiles; analyzers</IncludeAssets>
    </PackageReference>
    <PackageReference Include="Microsoft.SourceLink.GitHub" Version="8.0.0" PrivateAssets="All" />
    <PackageReference Update="Newtonsoft.Json" Version="13.0.3" />
  </ItemGroup>

  <ItemGroup>
    <ProjectReference Include="..\\Shop.Core\\Shop.Core.csproj" />
    <Compile Remove="Legacy\\**" />
  </ItemGroup>

</Project>
`;

export const DIRECTORY_PACKAGES_PROPS = `<Project>
  <PropertyGroup>
    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageVersion Include="Serilog" Version="3.1.1" />
    <PackageVersion Include="xunit" Version="2.6.6" />
  </ItemGroup>
  <ItemGroup>
    <GlobalPackageReference Include="Nerdbank.GitVersioning" Version="3.6.133" />
  </ItemGroup>
</Project>
`;

export const PACKAGES_CONFIG = `<?xml version="1.0" encoding="utf-8"?>
<packages>
  <package id="Newtonsoft.Json" version="13.0.3" targetFramework="net48" />
  <package id="NUnit" version="3.14.0" targetFramework="net48" />
  <package id="Microsoft.CodeAnalysis.NetAnalyzers" version="8.0.0" targetFramework="net48" developmentDependency="true" />
</packages>
`;

/** `uv export --format requirements-txt` of a project (`shop`) depending on django and httpx. */
export const UV_EXPORT_BASE = `# This file was autogenerated by uv via the following command:
#    uv export --format requirements-txt --no-hashes
-e .
anyio==4.2.0
    # via httpx
asgiref==3.7.2
    # via django
certifi==2023.11.17
    # via
    #   httpcore
    #   httpx
django==5.0.1
    # via shop
h11==0.14.0
    # via httpcore
httpcore==1.0.2
    # via httpx
httpx==0.26.0
    # via shop
idna==3.6
    # via
    #   anyio
    #   httpx
sniffio==1.3.0
    # via
    #   anyio
    #   httpx
sqlparse==0.4.4
    # via django
`;

/** The same project after `uv add celery`: one direct dependency and its own dependencies. */
export const UV_EXPORT_HEAD = UV_EXPORT_BASE.replace(
  "certifi==2023.11.17",
  `billiard==4.2.0
    # via celery
celery==5.3.6
    # via shop
certifi==2023.11.17`,
)
  .replace(
    "sniffio==1.3.0",
    `kombu==5.3.5
    # via celery
sniffio==1.3.0`,
  )
  .replace("django==5.0.1", "django==5.0.2");

/** `pip-compile --generate-hashes requirements.in` (pip-tools 7). */
export const PIP_COMPILE_BASE = `#
# This file is autogenerated by pip-compile with Python 3.12
# by the following command:
#
#    pip-compile --generate-hashes requirements.in
#
certifi==2023.11.17 \\
    --hash=sha256:9b469f3a900bf28dc19b8cfbf8019bf47f7fdd1a65a1d4ffb98fc14166beb4d1 \\
    --hash=sha256:e036ab49d5b79556f99cfc2d9320b34cfbe5be05c5871b51de9329f0603b0474
    # via requests
charset-normalizer==3.3.2 \\
    --hash=sha256:06435b539f889b1f6f4ac1758871aae42dc3a8c0e24ac9e60c2384973ad73027
    # via requests
flask==3.0.0 \\
    --hash=sha256:21128f47e4e3b9d597a3e8521a329bf56909b690fcc3fa3e477725aa81367638
    # via -r requirements.in
idna==3.6 \\
    --hash=sha256:c05567e9c24a6b9faaa835c4821bad0590fbb9d5779e7caa6e1cc4978e7eb24f
    # via requests
requests==2.31.0 \\
    --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f
    # via -r requirements.in
urllib3==2.1.0 \\
    --hash=sha256:55901e917a5896a349ff771be919f8bd99aff50b79fe58fec595eb37bbc56bb3
    # via requests
`;

/** After adding `sentry-sdk` to requirements.in and compiling again. */
export const PIP_COMPILE_HEAD = PIP_COMPILE_BASE.replace(
  "urllib3==2.1.0",
  `sentry-sdk==1.39.1 \\
    --hash=sha256:81b5b9ffdd1a374e9eb0c053b5d2012155db9cbe76393a8585677b753bd5fdc1
    # via -r requirements.in
urllib3==2.1.0`,
).replace("    # via requests\nrequests", "    # via\n    #   requests\n    #   sentry-sdk\nrequests");
