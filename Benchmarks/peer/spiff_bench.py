"""The peer: SpiffWorkflow 3.2 running the benchmark lifecycle durably.

Each dossier is one workflow instance: created (the logging), then each ready user task
completed in turn; after every one of these 8 transitions the whole workflow state is
serialized and written to SQLite with synchronous=FULL in its own transaction, the way a
durable engine must before it answers. Prints one JSON line: transitions/s, p50/p99 ms.
Usage: spiff_bench.py DOSSIERS DATABASE
"""
import json
import pathlib
import sqlite3
import sys
import time

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.util.task import TaskState

dossiers = int(sys.argv[1])
db = sqlite3.connect(sys.argv[2], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE instances (id INTEGER PRIMARY KEY, state TEXT NOT NULL)")

parser = BpmnParser()
parser.add_bpmn_file(str(pathlib.Path(__file__).with_name("one_stop.bpmn")))
spec = parser.get_spec("one_stop")
serializer = BpmnWorkflowSerializer()


def save(instance_id, workflow, insert=False):
    state = serializer.serialize_json(workflow)
    db.execute("BEGIN")
    if insert:
        db.execute("INSERT INTO instances (id, state) VALUES (?, ?)", (instance_id, state))
    else:
        db.execute("UPDATE instances SET state = ? WHERE id = ?", (state, instance_id))
    db.execute("COMMIT")


latencies = []
start = time.perf_counter()
for i in range(dossiers):
    t0 = time.perf_counter()
    wf = BpmnWorkflow(spec)
    wf.do_engine_steps()
    save(i, wf, insert=True)
    latencies.append(time.perf_counter() - t0)
    while True:
        ready = [t for t in wf.get_tasks(state=TaskState.READY) if t.task_spec.manual]
        if not ready:
            break
        t0 = time.perf_counter()
        ready[0].run()
        wf.do_engine_steps()
        save(i, wf)
        latencies.append(time.perf_counter() - t0)
    assert wf.is_completed(), "the instance did not reach its end event"
elapsed = time.perf_counter() - start
latencies.sort()
print(json.dumps({
    "name": "spiffworkflow", "dossiers": dossiers, "transitions": len(latencies),
    "transitions_per_sec": round(len(latencies) / elapsed, 1),
    "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
    "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 2),
}))
