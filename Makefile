# mökv: the README's commands. Only a JDK (17+) is needed; ./mvnw fetches Maven.
MVN ?= ./mvnw -B -ntp

.PHONY: build run test robustness clean

## build: compile and package bin/mokv (runnable jar at bin/mokv.jar), skipping tests
build:
	$(MVN) -q -DskipTests package
	cp mokv-cli/target/mokv.jar bin/mokv.jar

## run: a local 3-node cluster in the foreground (example/ configs); Ctrl-C stops it cleanly
run: build
	example/start_nodes.sh

## test: the whole suite (unit, property, multi-node and process-level tests)
test:
	$(MVN) verify

## robustness: a long randomized fault soak, e.g. make robustness DURATION=10m (report in mokv-tests/target/robustness)
DURATION ?= 10m
robustness:
	$(MVN) verify -pl mokv-tests -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dit.test=SoakIT -Dmokv.soak.duration=$(DURATION)

clean:
	$(MVN) -q clean
	rm -f bin/mokv.jar
