{{/*
Names and labels.
*/}}
{{- define "yiwang-id.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "yiwang-id.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "yiwang-id.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Stable across upgrades: Deployment selectors are immutable. */}}
{{- define "yiwang-id.selectorLabels" -}}
app.kubernetes.io/name: {{ include "yiwang-id.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: auth-server
{{- end }}

{{- define "yiwang-id.labels" -}}
helm.sh/chart: {{ include "yiwang-id.chart" . }}
{{ include "yiwang-id.selectorLabels" . }}
app.kubernetes.io/part-of: yiwang-id
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "yiwang-id.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "yiwang-id.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "yiwang-id.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/* The application's port (server.port in application.yml); probes, Service and policies use it. */}}
{{- define "yiwang-id.port" -}}
9000
{{- end }}

{{/* preStop sleep + Spring's shutdown phase + margin: the kubelet must not kill a pod still draining. */}}
{{- define "yiwang-id.terminationGracePeriodSeconds" -}}
{{- $s := .Values.shutdown }}
{{- add $s.preStopSleepSeconds $s.appShutdownSeconds $s.marginSeconds }}
{{- end }}

{{/*
One environment variable read from an existing Secret. The only way the chart passes a secret.
Call with (dict "name" "ENV_NAME" "secretName" "..." "key" "...").
*/}}
{{- define "yiwang-id.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secretName | quote }}
      key: {{ .key | quote }}
{{- end }}

{{/* One plain (non-secret) environment variable. Call with (dict "name" "ENV_NAME" "value" ...). */}}
{{- define "yiwang-id.plainEnv" -}}
- name: {{ .name }}
  value: {{ .value | toString | quote }}
{{- end }}

{{/*
Redis connection for the selected mode, as the spring.data.redis.* properties Lettuce reads.
*/}}
{{- define "yiwang-id.redisEnv" -}}
{{- $r := .Values.redis }}
{{- $s := .Values.secrets }}
{{- if eq $r.mode "standalone" }}
{{ include "yiwang-id.plainEnv" (dict "name" "SPRING_DATA_REDIS_HOST" "value" $r.host) }}
{{ include "yiwang-id.plainEnv" (dict "name" "SPRING_DATA_REDIS_PORT" "value" $r.port) }}
{{- else if eq $r.mode "sentinel" }}
{{ include "yiwang-id.plainEnv" (dict "name" "SPRING_DATA_REDIS_SENTINEL_MASTER" "value" $r.sentinel.master) }}
{{ include "yiwang-id.plainEnv" (dict "name" "SPRING_DATA_REDIS_SENTINEL_NODES" "value" (join "," $r.sentinel.nodes)) }}
{{- if $s.redisSentinelPassword.secretName }}
{{ include "yiwang-id.secretEnv" (dict "name" "SPRING_DATA_REDIS_SENTINEL_PASSWORD" "secretName" $s.redisSentinelPassword.secretName "key" $s.redisSentinelPassword.key) }}
{{- end }}
{{- else if eq $r.mode "cluster" }}
{{ include "yiwang-id.plainEnv" (dict "name" "SPRING_DATA_REDIS_CLUSTER_NODES" "value" (join "," $r.cluster.nodes)) }}
{{ include "yiwang-id.plainEnv" (dict "name" "SPRING_DATA_REDIS_CLUSTER_MAX_REDIRECTS" "value" $r.cluster.maxRedirects) }}
{{- if $r.cluster.adaptiveRefresh }}
{{ include "yiwang-id.plainEnv" (dict "name" "SPRING_DATA_REDIS_LETTUCE_CLUSTER_REFRESH_ADAPTIVE" "value" "true") }}
{{ include "yiwang-id.plainEnv" (dict "name" "SPRING_DATA_REDIS_LETTUCE_CLUSTER_REFRESH_PERIOD" "value" $r.cluster.refreshPeriod) }}
{{- end }}
{{- end }}
{{- if ne $r.mode "cluster" }}
{{ include "yiwang-id.plainEnv" (dict "name" "SPRING_DATA_REDIS_DATABASE" "value" $r.database) }}
{{- end }}
{{- if $r.ssl }}
{{ include "yiwang-id.plainEnv" (dict "name" "SPRING_DATA_REDIS_SSL_ENABLED" "value" "true") }}
{{- end }}
{{- if $r.username }}
{{ include "yiwang-id.plainEnv" (dict "name" "SPRING_DATA_REDIS_USERNAME" "value" $r.username) }}
{{- end }}
{{- if $s.redisPassword.secretName }}
{{ include "yiwang-id.secretEnv" (dict "name" "SPRING_DATA_REDIS_PASSWORD" "secretName" $s.redisPassword.secretName "key" $s.redisPassword.key) }}
{{- end }}
{{- end }}

{{/*
The keys protecting signing keys and citizen data.
Data keys go to YIWANG_CRYPTO_DATAKEYS_<ID>, not YIWANG_CRYPTO_DATA_KEYS_<ID>: Spring Boot binds a
map entry from the environment only under the canonical name of the map (data-keys -> DATAKEYS);
the underscore form binds nothing, and the server would stop with "data-keys must not be empty".
HelmChartTests binds the rendered names with Spring's Binder to keep this honest.
*/}}
{{- define "yiwang-id.keysEnv" -}}
{{- $s := .Values.secrets }}
{{ include "yiwang-id.secretEnv" (dict "name" "YIWANG_KEYS_MASTER_KEY" "secretName" $s.masterKey.secretName "key" $s.masterKey.key) }}
{{ include "yiwang-id.secretEnv" (dict "name" "YIWANG_CRYPTO_ACTIVE_KEY_ID" "secretName" $s.activeKeyId.secretName "key" $s.activeKeyId.key) }}
{{- range $s.dataKeys }}
{{ include "yiwang-id.secretEnv" (dict "name" (printf "YIWANG_CRYPTO_DATAKEYS_%s" (upper .id)) "secretName" .secretName "key" .key) }}
{{- end }}
{{ include "yiwang-id.secretEnv" (dict "name" "YIWANG_CRYPTO_BLIND_INDEX_KEY" "secretName" $s.blindIndexKey.secretName "key" $s.blindIndexKey.key) }}
{{- end }}

{{/* The SMS gateway and the real-name service. */}}
{{- define "yiwang-id.integrationsEnv" -}}
{{- $s := .Values.secrets }}
{{- $sms := .Values.sms }}
{{ include "yiwang-id.plainEnv" (dict "name" "YIWANG_SMS_SENDER" "value" $sms.sender) }}
{{ include "yiwang-id.plainEnv" (dict "name" "YIWANG_SMS_HTTP_BASE_URL" "value" $sms.http.baseUrl) }}
{{ include "yiwang-id.plainEnv" (dict "name" "YIWANG_SMS_HTTP_TEMPLATE_ID" "value" $sms.http.templateId) }}
{{ include "yiwang-id.plainEnv" (dict "name" "YIWANG_SMS_HTTP_SIGN_NAME" "value" $sms.http.signName) }}
{{ include "yiwang-id.secretEnv" (dict "name" "YIWANG_SMS_HTTP_API_KEY" "secretName" $s.smsApiKey.secretName "key" $s.smsApiKey.key) }}
{{- $v := .Values.verification.http }}
{{- if $v.enabled }}
{{ include "yiwang-id.plainEnv" (dict "name" "YIWANG_VERIFICATION_HTTP_ENABLED" "value" "true") }}
{{ include "yiwang-id.plainEnv" (dict "name" "YIWANG_VERIFICATION_HTTP_BASE_URL" "value" $v.baseUrl) }}
{{ include "yiwang-id.secretEnv" (dict "name" "YIWANG_VERIFICATION_HTTP_KEY_ID" "secretName" $s.verificationKeyId.secretName "key" $s.verificationKeyId.key) }}
{{ include "yiwang-id.secretEnv" (dict "name" "YIWANG_VERIFICATION_HTTP_SECRET" "secretName" $s.verificationSecret.secretName "key" $s.verificationSecret.key) }}
{{- end }}
{{- end }}

{{/* The container's whole environment. */}}
{{- define "yiwang-id.env" -}}
{{- /* The same JVM settings as bin/yiwang-id (the launcher): Serial GC with a heap that starts small and shrinks
     back after a burst, bounded metaspace and code cache, freed native memory given back every few seconds;
     the heap's ceiling from the memory limit. */}}
{{- $jvm := printf "-Xms64m -XX:MaxRAMPercentage=%v -XX:+UseSerialGC -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:MaxMetaspaceSize=256m -XX:ReservedCodeCacheSize=128m -XX:+ExitOnOutOfMemoryError" .Values.jvm.maxRamPercentage }}
{{- if .Values.jvm.trimNativeHeapIntervalMs }}
{{- $jvm = printf "%s -XX:TrimNativeHeapInterval=%v" $jvm .Values.jvm.trimNativeHeapIntervalMs }}
{{- end }}
{{- if .Values.jvm.extraOptions }}
{{- $jvm = printf "%s %s" $jvm .Values.jvm.extraOptions }}
{{- end }}
{{- /* prod: never the embedded default; a missing setting stops start-up with its name. */}}
{{ include "yiwang-id.plainEnv" (dict "name" "SPRING_PROFILES_ACTIVE" "value" "prod") }}
{{ include "yiwang-id.plainEnv" (dict "name" "JAVA_TOOL_OPTIONS" "value" $jvm) }}
{{- /* glibc's malloc arenas per busy thread grow native memory with the request threads; the JVM needs two */}}
{{ include "yiwang-id.plainEnv" (dict "name" "MALLOC_ARENA_MAX" "value" "2") }}
{{ include "yiwang-id.plainEnv" (dict "name" "YIWANG_ISSUER" "value" .Values.issuer) }}
{{ include "yiwang-id.plainEnv" (dict "name" "SERVER_FORWARD_HEADERS_STRATEGY" "value" .Values.forwardedHeaders.strategy) }}
{{ include "yiwang-id.plainEnv" (dict "name" "SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES" "value" .Values.forwardedHeaders.internalProxies) }}
{{ include "yiwang-id.plainEnv" (dict "name" "SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE" "value" (printf "%vs" .Values.shutdown.appShutdownSeconds)) }}
{{ include "yiwang-id.plainEnv" (dict "name" "YIWANG_BOOTSTRAP_CLIENTS_FILE" "value" "file:/config/clients.yml") }}
{{ include "yiwang-id.plainEnv" (dict "name" "YIWANG_FEDERATION_IDENTITY_PROVIDERS_FILE" "value" "file:/config/identity-providers.yml") }}
{{ include "yiwang-id.plainEnv" (dict "name" "YIWANG_SAML_SERVICE_PROVIDERS_FILE" "value" "file:/config/saml-service-providers.yml") }}
{{ include "yiwang-id.plainEnv" (dict "name" "SPRING_DATASOURCE_URL" "value" .Values.database.url) }}
{{ include "yiwang-id.plainEnv" (dict "name" "SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE" "value" .Values.database.maximumPoolSize) }}
{{ include "yiwang-id.secretEnv" (dict "name" "SPRING_DATASOURCE_USERNAME" "secretName" .Values.secrets.database.secretName "key" .Values.secrets.database.usernameKey) }}
{{ include "yiwang-id.secretEnv" (dict "name" "SPRING_DATASOURCE_PASSWORD" "secretName" .Values.secrets.database.secretName "key" .Values.secrets.database.passwordKey) }}
{{- include "yiwang-id.redisEnv" . }}
{{- include "yiwang-id.keysEnv" . }}
{{- include "yiwang-id.integrationsEnv" . }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Checks the schema cannot express. Each failure names the value to fix.
*/}}
{{- define "yiwang-id.validate" -}}
{{- range .Values.extraEnv }}
{{- if and (regexMatch "(?i)(KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL)" .name) (hasKey . "value") }}
{{- fail (printf "extraEnv: %s looks secret and has an inline value; give it valueFrom.secretKeyRef to an existing Secret" .name) }}
{{- end }}
{{- end }}
{{- $ids := dict }}
{{- range .Values.secrets.dataKeys }}
{{- if hasKey $ids .id }}
{{- fail (printf "secrets.dataKeys: id %s is listed twice" .id) }}
{{- end }}
{{- $_ := set $ids .id true }}
{{- end }}
{{- $a := .Values.autoscaling }}
{{- if and $a.enabled (gt (int $a.minReplicas) (int $a.maxReplicas)) }}
{{- fail (printf "autoscaling: minReplicas (%v) is greater than maxReplicas (%v)" $a.minReplicas $a.maxReplicas) }}
{{- end }}
{{- $pdb := .Values.podDisruptionBudget }}
{{- if $pdb.enabled }}
{{- if and (hasKey $pdb "minAvailable") (hasKey $pdb "maxUnavailable") }}
{{- fail "podDisruptionBudget: set minAvailable or maxUnavailable, not both (set the other to null)" }}
{{- end }}
{{- if not (or (hasKey $pdb "minAvailable") (hasKey $pdb "maxUnavailable")) }}
{{- fail "podDisruptionBudget: set minAvailable or maxUnavailable" }}
{{- end }}
{{- end }}
{{- $clients := fromYaml .Values.bootstrap.clientsYml }}
{{- if hasKey $clients "Error" }}
{{- fail (printf "bootstrap.clientsYml is not valid YAML: %s" $clients.Error) }}
{{- end }}
{{- range $clients.clients }}
{{- $secret := index . "client-secret" | default "" | toString }}
{{- if and $secret (ne $secret "none") (not (regexMatch "^\\{(sha256|bcrypt|argon2|pbkdf2)\\}" $secret)) }}
{{- fail (printf "bootstrap.clientsYml: client-secret of client %v is not a hash; store {sha256}<salt>$<hex> (README.md, Registered clients) or none, never the secret itself" (index . "client-id")) }}
{{- end }}
{{- end }}
{{- end }}
