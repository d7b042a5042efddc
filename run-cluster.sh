#!/usr/bin/env bash
# Runs a simpair job through spark-submit.
#
#   ./run-cluster.sh pairs --input PATH --output DIR [job options] [spark-submit options]
#   ./run-cluster.sh JOBFILE [overrides]          (a jobs/*.properties file)
#   ./run-cluster.sh --help
#   ./run-cluster.sh local-cluster start|stop|status [--workers N] [--cores C] [--memory M]
#
# local-cluster: a Spark standalone cluster on 127.0.0.1 (one Master, N Worker processes,
# default 2 workers of 1 core and 2g) from the Maven classpath, no Spark distribution needed;
# logs and pids in $SIMPAIR_CLUSTER_DIR (default target/local-cluster); start prints the master
# URL on a line of its own. In cluster deploy mode on a spark:// master or on YARN this script
# waits for the driver and exits with the job's own code (0, 2 bad input, 1 internal).
# --master yarn needs HADOOP_CONF_DIR (or YARN_CONF_DIR): its files join the class path, and
# without $SPARK_HOME the containers run Spark from this machine's Maven jars (spark.yarn.jars).
# Spark options (--master, --deploy-mode, --conf k=v, --executor-memory, ...) pass through to
# spark-submit; without --master (or $MASTER) the job runs in local[*]. With $SPARK_HOME set,
# $SPARK_HOME/bin/spark-submit is used; otherwise org.apache.spark.deploy.SparkSubmit runs from
# the Maven-built classpath (no Spark installation needed). Builds target/simpair.jar if it is
# missing or older than the sources.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/simpair.jar"
cpfile="$here/target/classpath.txt"
embed_cpfile="$here/target/embed-classpath.txt"
embed_groups="com.microsoft.onnxruntime,ai.djl,ai.djl.huggingface,net.java.dev.jna,dev.langchain4j"
props="$here/conf/spark-defaults.conf"

usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
}

if [ $# -eq 0 ]; then usage; exit 2; fi

build() {
  if [ -n "${SIMPAIR_NO_BUILD:-}" ] && [ -f "$jar" ] && [ -f "$cpfile" ]; then return; fi
  if [ ! -f "$jar" ] || [ ! -f "$cpfile" ] || [ ! -f "$embed_cpfile" ] || [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$jar" -print -quit)" ]; then
    echo "run-cluster.sh: building target/simpair.jar (mvn package -DskipTests) ..." >&2
    (cd "$here" && mvn -q -B package -DskipTests \
        && mvn -q -B dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile="$cpfile" \
             -Dmdep.excludeGroupIds="$embed_groups" \
        && mvn -q -B dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile="$embed_cpfile" \
             -Dmdep.includeGroupIds="$embed_groups") >&2
  fi
}

conf_value() { sed -n "s/^$1[[:space:]]\{1,\}//p" "$props" | tail -n 1; }

# ---- local-cluster start|stop|status: a standalone Master and Workers on 127.0.0.1
local_cluster() {
  local action=${1:-} workers=2 cores=1 memory=2g
  [ $# -gt 0 ] && shift
  while [ $# -gt 0 ]; do
    case "$1" in
      --workers) workers=${2:?--workers needs a value}; shift 2 ;;
      --cores) cores=${2:?--cores needs a value}; shift 2 ;;
      --memory) memory=${2:?--memory needs a value}; shift 2 ;;
      *) echo "run-cluster.sh local-cluster: unknown option $1" >&2; return 2 ;;
    esac
  done
  local work=${SIMPAIR_CLUSTER_DIR:-$here/target/local-cluster}
  local pids="$work/pids"
  # a pid of ours: alive and its command line names this work folder (not a reused pid)
  ours() { [ -r "/proc/$1/cmdline" ] && tr "\0" " " < "/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$work"; }
  case "$action" in
    status)
      if [ ! -f "$pids" ]; then echo "local-cluster: not running (no $pids)"; return 3; fi
      local up=0 all=0 role pid
      while read -r role pid; do
        all=$((all + 1))
        if ours "$pid"; then up=$((up + 1)); echo "$role pid $pid running"; else echo "$role pid $pid not running"; fi
      done < "$pids"
      [ -f "$work/master-url" ] && echo "master $(cat "$work/master-url")"
      [ $up -eq $all ] && return 0 || return 3 ;;
    stop)
      if [ ! -f "$pids" ]; then echo "local-cluster: not running (no $pids)" >&2; return 0; fi
      local role pid
      # workers first: a worker that stops kills the executors and drivers it started
      for pid in $(tac "$pids" | awk '{print $2}'); do ours "$pid" && kill "$pid" 2>/dev/null || true; done
      for _ in $(seq 1 50); do
        local left=0
        for pid in $(awk '{print $2}' "$pids"); do ours "$pid" && left=1; done
        [ $left -eq 0 ] && break
        sleep 0.2
      done
      for pid in $(awk '{print $2}' "$pids"); do ours "$pid" && kill -9 "$pid" 2>/dev/null || true; done
      while read -r role pid; do echo "stopped $role pid $pid" >&2; done < "$pids"
      rm -f "$pids" "$work/master-url"
      return 0 ;;
    start) ;;
    *) echo "usage: run-cluster.sh local-cluster start|stop|status [--workers N] [--cores C] [--memory M]" >&2; return 2 ;;
  esac
  if [ -f "$pids" ] && local_cluster status > /dev/null; then
    echo "local-cluster: already running (stop it first)" >&2
    cat "$work/master-url"
    return 0
  fi
  mkdir -p "$work"
  rm -f "$pids" "$work/master-url"
  # Spark's launcher builds executor and driver command lines from SPARK_HOME/jars (empty here)
  # plus SPARK_DIST_CLASSPATH (the Maven classpath): a Spark home with nothing of its own
  mkdir -p "$work/spark-home/jars" "$work/spark-home/conf"
  touch "$work/spark-home/RELEASE"
  local cp opts
  cp=$(cat "$cpfile")
  read -r -a opts <<< "$(conf_value spark.driver.extraJavaOptions)"
  export SPARK_HOME="$work/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_DIST_CLASSPATH="$cp" SPARK_LOCAL_IP=127.0.0.1
  local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  # web UIs on free ports (0) of 127.0.0.1 (SPARK_LOCAL_IP binds every socket to loopback)
  nohup "$java" -Xmx512m "${opts[@]}" -Dsimpair.cluster="$work" -cp "$cp" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port 0 --webui-port 0 > "$work/master.log" 2>&1 &
  echo "master $!" >> "$pids"
  local url=""
  for _ in $(seq 1 300); do
    url=$(grep -o 'spark://127\.0\.0\.1:[0-9]*' "$work/master.log" | head -n 1 || true)
    [ -n "$url" ] && break
    sleep 0.2
  done
  if [ -z "$url" ]; then
    echo "local-cluster: the master did not start; see $work/master.log" >&2
    local_cluster stop; return 1
  fi
  echo "$url" > "$work/master-url"
  local i
  for i in $(seq 1 "$workers"); do
    mkdir -p "$work/worker-$i"
    nohup "$java" -Xmx512m "${opts[@]}" -Dsimpair.cluster="$work" -cp "$cp" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --port 0 --webui-port 0 --cores "$cores" --memory "$memory" --work-dir "$work/worker-$i" "$url" \
      > "$work/worker-$i.log" 2>&1 &
    echo "worker-$i $!" >> "$pids"
  done
  for _ in $(seq 1 600); do
    local n
    n=$(cat "$work"/worker-*.log 2>/dev/null | grep -c "Successfully registered with master" || true)
    [ "$n" -ge "$workers" ] && break
    sleep 0.2
  done
  if [ "$(cat "$work"/worker-*.log | grep -c "Successfully registered with master" || true)" -lt "$workers" ]; then
    echo "local-cluster: not every worker registered; see $work/worker-*.log" >&2
    local_cluster stop; return 1
  fi
  echo "local-cluster: master and $workers worker(s) of $cores core(s), $memory; logs and pids in $work" >&2
  echo "$url"
}

if [ "$1" = "local-cluster" ]; then
  shift
  build
  local_cluster "$@"
  exit $?
fi

# ---- a job file: expand it into arguments; later command-line options override its keys
declare -a job_args=()
if [ -f "$1" ] && [[ "$1" == *.properties ]]; then
  jobfile=$1; shift
  declare -A given=()
  for a in "$@"; do
    case "$a" in --*) k=${a#--}; given[${k%%=*}]=1 ;; esac
  done
  command=""
  declare -a file_args=()
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    [[ -z "${line// }" || "$line" == \#* ]] && continue
    key=${line%%=*}; val=${line#*=}
    key=$(echo "$key" | xargs); val=$(echo "$val" | sed 's/^[[:space:]]*//;s/[[:space:]]*$//')
    case "$key" in
      job) command=$val ;;
      master) [ -n "${given[master]:-}" ] || file_args+=(--master "$val") ;;
      spark.*) file_args+=(--conf "$key=$val") ;;
      *)
        [ -n "${given[$key]:-}" ] && continue
        if [ "$val" = "true" ]; then file_args+=("--$key"); elif [ "$val" != "false" ]; then file_args+=("--$key" "$val"); fi ;;
    esac
  done < "$jobfile"
  if [ -z "$command" ]; then echo "run-cluster.sh: $jobfile has no 'job=' line" >&2; exit 2; fi
  job_args=("$command" "${file_args[@]}")
fi

# ---- split Spark's options from the job's
spark_value_opts=" --master --deploy-mode --conf --executor-memory --driver-memory --executor-cores --num-executors --total-executor-cores --jars --packages --repositories --files --archives --name --queue --properties-file --driver-java-options --driver-class-path --driver-library-path --driver-cores --principal --keytab --proxy-user "
declare -a spark_args=() app_args=()
set -- "${job_args[@]}" "$@"
while [ $# -gt 0 ]; do
  a=$1; shift
  if [[ "$spark_value_opts" == *" ${a%%=*} "* ]]; then
    if [[ "$a" == *=* ]]; then spark_args+=("${a%%=*}" "${a#*=}");
    else [ $# -gt 0 ] || { echo "run-cluster.sh: $a needs a value" >&2; exit 2; }; spark_args+=("$a" "$1"); shift; fi
  elif [ "$a" = "--verbose" ] || [ "$a" = "--supervise" ]; then
    spark_args+=("$a")
  else
    app_args+=("$a")
  fi
done
has_master=no; master=${MASTER:-local[*]}; ui_given=no
for ((i = 0; i < ${#spark_args[@]}; i++)); do
  case "${spark_args[$i]}" in
    --master) has_master=yes; master=${spark_args[$((i + 1))]} ;;
    --conf) [[ "${spark_args[$((i + 1))]}" == spark.ui.enabled=* ]] && ui_given=yes ;;
  esac
done
[ $has_master = yes ] || spark_args=(--master "$master" "${spark_args[@]}")
# Local mode has no one to look at the web UI, and starting it costs the start of a web server:
# off unless asked for (--conf spark.ui.enabled=true). Cluster runs keep Spark's default.
[[ "$master" == local* && $ui_given = no ]] && spark_args+=(--conf spark.ui.enabled=false)

# ---- build when needed
build

# ---- cluster deploy mode on a standalone master: wait for the driver, report its exit code
master="" deploy=client
for ((i = 0; i < ${#spark_args[@]}; i++)); do
  case "${spark_args[$i]}" in
    --master) master=${spark_args[$((i + 1))]} ;;
    --deploy-mode) deploy=${spark_args[$((i + 1))]} ;;
  esac
done
exit_file=""
if [ "$deploy" = cluster ] && [[ "$master" == spark://* || "$master" == yarn ]]; then
  # the driver runs on a worker (a YARN container): it writes its exit code here (a path the
  # node and this machine share: on a multi-host cluster set SIMPAIR_EXIT_DIR to a shared mount)
  exit_dir=${SIMPAIR_EXIT_DIR:-$here/target/driver-exit}
  mkdir -p "$exit_dir"
  exit_file=$(mktemp "$exit_dir/exit-XXXXXXXX")
  rm -f "$exit_file"
  if [ "$master" = yarn ]; then
    spark_args+=(--conf spark.yarn.submit.waitAppCompletion=true)
  else
    spark_args+=(--conf spark.standalone.submit.waitAppCompletion=true)
  fi
  spark_args+=(--conf "spark.simpair.exitCodeFile=$exit_file")
fi

# ---- the embed job alone gets the model and ONNX Runtime jars (provided scope in pom.xml):
# on this JVM's classpath (driver, local mode) and in --jars (shipped to a cluster's executors)
extra_cp=""
if [ "${app_args[0]:-}" = "embed" ]; then
  extra_cp=":$(cat "$embed_cpfile")"
  jars=$(tr ':' ',' < "$embed_cpfile")
  for ((i = 0; i < ${#spark_args[@]}; i++)); do  # a --jars of the user's keeps its jars too
    if [ "${spark_args[$i]}" = "--jars" ]; then jars="${spark_args[$((i + 1))]},$jars"; unset 'spark_args[i]' 'spark_args[i+1]'; fi
  done
  spark_args=("${spark_args[@]}" --jars "$jars")
fi

# The job's exit code from a cluster-mode driver: its own report, else the state spark-submit
# saw (FAILED/ERROR/KILLED: 1), else spark-submit's code. On YARN spark-submit's code is the
# state: it exits 1 when the application's final status is not SUCCEEDED.
follow() {
  local log
  log=$(mktemp)
  set +e
  "$@" 2> >(tee "$log" >&2)
  local rc=$?
  wait
  set -e
  if [ -s "$exit_file" ]; then
    rc=$(tr -dc 0-9 < "$exit_file"); rc=${rc:-1}
    rm -f "$exit_file"
  elif [ "$master" = yarn ]; then
    :
  elif grep -Eq "State of driver [^ ]+ is (FAILED|ERROR|KILLED)" "$log"; then
    rc=1
  elif [ $rc -eq 0 ] && ! grep -Eq "State of driver [^ ]+ is FINISHED" "$log"; then
    echo "run-cluster.sh: the driver's final state is unknown (see the log above)" >&2
    rc=1
  fi
  rm -f "$log"
  return $rc
}
run() {
  if [ -n "$exit_file" ]; then follow "$@"; exit $?; fi
  exec "$@"
}

if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  run "$SPARK_HOME/bin/spark-submit" --properties-file "$props" \
    --driver-java-options "-Dlog4j2.configurationFile=$here/conf/log4j2.properties" \
    --class io.simpair.cli.Main "${spark_args[@]}" "$jar" "${app_args[@]}"
fi

# No Spark distribution: this JVM is the driver (and, in local mode, the executors), so it
# needs the module options and heap that spark-submit's launcher would have given it.
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
heap=$(conf_value spark.driver.memory); heap=${heap:-4g}
for ((i = 0; i < ${#spark_args[@]}; i++)); do
  [ "${spark_args[$i]}" = "--driver-memory" ] && heap=${spark_args[$((i + 1))]}
done
read -r -a jvm_opts <<< "$(conf_value spark.driver.extraJavaOptions)"
classpath="$jar:$(cat "$cpfile")$extra_cp"
# the cluster's Hadoop and YARN configuration (core-site.xml, yarn-site.xml, ...), where Spark's
# own launcher puts it; after the jars, so that the class-data archive's class path stays a prefix
conf_cp="${HADOOP_CONF_DIR:+:$HADOOP_CONF_DIR}${YARN_CONF_DIR:+:$YARN_CONF_DIR}"

# ---- YARN without a Spark distribution: the containers run Spark from the jars of this
# Maven classpath at the same paths (local: entries, nothing uploaded); on a multi-host cluster
# those paths must exist on every node, or set spark.yarn.jars or spark.yarn.archive yourself.
if [ "$master" = yarn ]; then
  yarn_jars=$(conf_value spark.yarn.jars)$(conf_value spark.yarn.archive)
  for ((i = 0; i < ${#spark_args[@]}; i++)); do
    if [ "${spark_args[$i]}" = --conf ] && [[ "${spark_args[$((i + 1))]}" == spark.yarn.jars=* || "${spark_args[$((i + 1))]}" == spark.yarn.archive=* ]]; then
      yarn_jars=given
    fi
  done
  [ -n "$yarn_jars" ] || spark_args+=(--conf "spark.yarn.jars=$(tr ':' '\n' < "$cpfile" | sed 's/^/local:/' | paste -sd, -)")
fi

# ---- class-data sharing: the classes a run loads, parsed and verified once per build and JDK
# and mapped at every start after (about a third of the start-up CPU). SIMPAIR_CDS=off skips it.
declare -a cds_opts=()
if [ "${SIMPAIR_CDS:-on}" != off ]; then
  jsa="$here/target/cds/simpair-$("$java_bin" -version 2>&1 | cksum | cut -d' ' -f1).jsa"
  if [ ! -f "$jsa" ] || [ "$jar" -nt "$jsa" ] || [ "$cpfile" -nt "$jsa" ]; then
    echo "run-cluster.sh: recording the class-data archive (once per build and JDK) ..." >&2
    mkdir -p "$here/target/cds"; work=$(mktemp -d)
    if "$java_bin" -Xmx1g "${jvm_opts[@]}" -XX:ArchiveClassesAtExit="$work/a.jsa" \
        -Dlog4j2.configurationFile="$here/conf/log4j2.properties" -cp "$classpath" \
        org.apache.spark.deploy.SparkSubmit --properties-file "$props" --master 'local[2]' \
        --conf spark.ui.enabled=false --class io.simpair.cli.Main "$jar" pairs \
        --input "$here/data-samples/planted-384.npy" --ids "$here/data-samples/planted-384.ids" \
        --output "$work/out" >"$work/log" 2>&1 && [ -s "$work/a.jsa" ]; then
      mv "$work/a.jsa" "$jsa"
    else
      echo "run-cluster.sh: no class-data archive (the recording run failed; see $work/log); starting without" >&2
    fi
    [ -f "$jsa" ] && rm -rf "$work"
  fi
  # a stale or foreign archive is ignored by the JVM; these keep it from saying so at every start
  [ -f "$jsa" ] && cds_opts=(-XX:SharedArchiveFile="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
fi

# Local mode runs the tasks in this JVM, whose class path already holds the jar: naming it as
# spark-internal spares the executor fetching a copy of it from the driver and loading it again.
primary=$jar
[[ "$master" == local* ]] && primary=spark-internal

run "$java_bin" "-Xmx$heap" "${jvm_opts[@]}" "${cds_opts[@]}" -Dlog4j2.configurationFile="$here/conf/log4j2.properties" \
  ${SIMPAIR_JAVA_OPTS:-} \
  -cp "$classpath$conf_cp" org.apache.spark.deploy.SparkSubmit \
  --properties-file "$props" --class io.simpair.cli.Main "${spark_args[@]}" "$primary" "${app_args[@]}"
