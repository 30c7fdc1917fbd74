# mökv: the README's commands. Only a JDK (17+) is needed; ./mvnw fetches Maven.
MVN ?= ./mvnw -B -ntp

.PHONY: build run check-cluster test lifecycle robustness bench bench-memory bench-ab bench-compare bench-coldstart clean

## build: compile and package bin/mokv (runnable jar at bin/mokv.jar), skipping tests
build:
	$(MVN) -q -DskipTests package
	cp mokv-cli/target/mokv.jar bin/mokv.jar

## run: a local 3-node cluster in the foreground (example/ configs); Ctrl-C stops it cleanly
run: build
	example/start_nodes.sh

## check-cluster: runs the README's cluster commands against the example cluster and checks them:
## whole-cluster stop and start, a lost disk, scale-down (about 2 minutes; removes /tmp/mokv-data*)
check-cluster: build
	example/check_cluster.sh --fresh

## test: the whole suite (unit, property, multi-node and process-level tests)
test:
	$(MVN) verify

## lifecycle: the lost-disk scenario in all three orders (about 5 minutes; the suite runs one,
## drawn from a printed seed)
lifecycle:
	$(MVN) verify -pl mokv-tests -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dit.test=LostDiskScenarioIT -Dmokv.lostdisk.orders=all

## robustness: a long randomized fault soak, e.g. make robustness DURATION=10m (report in mokv-tests/target/robustness)
DURATION ?= 10m
robustness:
	$(MVN) verify -pl mokv-tests -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dit.test=SoakIT -Dmokv.soak.duration=$(DURATION)

## bench: the standard benchmark matrix on a fresh local 3-node cluster (about 10 minutes;
## QUICK=1 for a smoke run, WARMUP=/MEASURE= per cell); table and JSON in target/bench/
bench: build
	bench/run.sh

## bench-memory: 1,000,000 keys of 100 bytes: RSS per node, snapshot size, restart time (minutes)
bench-memory: build
	bench/run.sh --memory

## bench-ab: two builds side by side, alternating, e.g. make bench-ab A=74533bf (B defaults to
## HEAD); put and LINEARIZABLE get at 64 and 256 in flight; ratios in target/bench/ab/summary.txt
A ?= HEAD~1
B ?= HEAD
bench-ab:
	bench/ab.sh $(A) $(B)

## bench-compare: mokv against a fresh local 3-member etcd, cell by cell, in one run (about 10
## minutes; installs etcd-server with apt-get if etcd is missing; QUICK=1 for a smoke run,
## PREWARM= for mokv's JIT warm-up); table and JSON in target/bench/compare/
bench-compare: build
	bench/compare.sh

## bench-coldstart: a fresh cluster's first 30 s of put at 64 in flight against its rate after 5
## minutes of the same load (about 6 minutes); summary in target/bench/coldstart/
bench-coldstart: build
	bench/run.sh --coldstart

clean:
	$(MVN) -q clean
	rm -f bin/mokv.jar
