"""Workers.in_order: results in the order of the tasks, and other work for the writer
done while the workers are kept busy further ahead."""
import os

from datasette_claims.workers import Meanwhile, Workers, worker_processes


def square_in(value: int) -> tuple[int, int]:
    return value * value, os.getpid()


def test_results_come_in_the_order_of_the_tasks():
    with worker_processes(2) as workers:
        results = list(workers.in_order(square_in, ((n, (n,)) for n in range(20))))
    assert [(key, value) for key, (value, _) in results] == [(n, n * n) for n in range(20)]
    assert os.getpid() not in {pid for _, (_, pid) in results}


def recorded_steps(steps_left: int, log: list):
    def step() -> bool:
        if not steps_left_now:
            log.append("none left")
            return False
        steps_left_now.pop()
        log.append("step")
        return True
    steps_left_now = [None] * steps_left
    return step


def test_other_work_is_done_a_step_before_each_wait_while_tasks_go_further_ahead():
    log = []
    tasks_read = []

    def tasks():
        for n in range(12):
            tasks_read.append(n)
            log.append(f"task {n}")
            yield n, (n,)

    meanwhile = Meanwhile(recorded_steps(3, log), weigh=lambda key: 1, most=5)
    with worker_processes(2) as workers:
        for key, (value, _) in workers.in_order(square_in, tasks(), meanwhile):
            log.append(f"result {key}")
            assert value == key * key
    # tasks go out until five are running, then a step comes before each result taken
    assert log[:5] == ["task 0", "task 1", "task 2", "task 3", "task 4"]
    assert log[5:9] == ["step", "result 0", "task 5", "step"]
    assert log.count("step") == 3 and log.count("none left") == 1
    # once the steps are done, tasks go out as few ahead as without any
    after = log.index("none left")
    assert log[after + 1] == "result 3"
    assert [entry for entry in log if entry.startswith("result")] == [f"result {n}" for n in range(12)]


def test_with_one_job_there_are_no_workers_and_the_other_work_is_left():
    log = []
    meanwhile = Meanwhile(recorded_steps(3, log), weigh=lambda key: 1, most=5)
    results = list(Workers(None).in_order(square_in, ((n, (n,)) for n in range(4)), meanwhile))
    assert [(key, value, pid) for key, (value, pid) in results] == [(n, n * n, os.getpid()) for n in range(4)]
    assert log == []
