#!/usr/bin/env bash
# Runs a simpair job through spark-submit.
#
#   ./run-cluster.sh pairs --input PATH --output DIR [job options] [spark-submit options]
#   ./run-cluster.sh JOBFILE [overrides]          (a jobs/*.properties file)
#   ./run-cluster.sh --help
#
# Spark options (--master, --deploy-mode, --conf k=v, --executor-memory, ...) pass through to
# spark-submit; without --master (or $MASTER) the job runs in local[*]. With $SPARK_HOME set,
# $SPARK_HOME/bin/spark-submit is used; otherwise org.apache.spark.deploy.SparkSubmit runs from
# the Maven-built classpath (no Spark installation needed). Builds target/simpair.jar if it is
# missing or older than the sources.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/simpair.jar"
cpfile="$here/target/classpath.txt"
props="$here/conf/spark-defaults.conf"

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
}

if [ $# -eq 0 ]; then usage; exit 2; fi

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
if [ ! -f "$jar" ] || [ ! -f "$cpfile" ] || [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "run-cluster.sh: building target/simpair.jar (mvn package -DskipTests) ..." >&2
  (cd "$here" && mvn -q -B package -DskipTests \
      && mvn -q -B dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile="$cpfile") >&2
fi

conf_value() { sed -n "s/^$1[[:space:]]\{1,\}//p" "$props" | tail -n 1; }

if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  exec "$SPARK_HOME/bin/spark-submit" --properties-file "$props" \
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
classpath="$jar:$(cat "$cpfile")"

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

exec "$java_bin" "-Xmx$heap" "${jvm_opts[@]}" "${cds_opts[@]}" -Dlog4j2.configurationFile="$here/conf/log4j2.properties" \
  ${SIMPAIR_JAVA_OPTS:-} \
  -cp "$classpath" org.apache.spark.deploy.SparkSubmit \
  --properties-file "$props" --class io.simpair.cli.Main "${spark_args[@]}" "$primary" "${app_args[@]}"
