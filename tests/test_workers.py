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


def steps_of_work(count: int, log: list):
    """A Meanwhile step with `count` steps of work, each noted in the log."""
    left = [count]

    def step() -> bool:
        if not left[0]:
            log.append("none left")
            return False
        left[0] -= 1
        log.append("step")
        return True
    return step


def test_other_work_is_done_a_step_before_each_wait_while_tasks_go_further_ahead():
    log = []

    def tasks():
        for n in range(12):
            log.append(f"task {n}")
            yield n, (n,)

    meanwhile = Meanwhile(steps_of_work(3, log), weigh=lambda key: 1, most=5)
    with worker_processes(2) as workers:
        for key, (value, _) in workers.in_order(square_in, tasks(), meanwhile):
            log.append(f"result {key}")
            assert value == key * key
    # tasks go out until five are running, then a step comes before each result taken
    assert log[:5] == ["task 0", "task 1", "task 2", "task 3", "task 4"]
    assert log[5:9] == ["step", "result 0", "task 5", "step"]
    assert log.count("step") == 3 and log.count("none left") == 1
    # once none is left, a result is taken after each task sent, as without other work
    after = log.index("none left")
    assert log[after - 1:after + 6] == ["task 7", "none left", "result 3", "task 8", "result 4", "task 9", "result 5"]
    assert [entry for entry in log if entry.startswith("result")] == [f"result {n}" for n in range(12)]


def test_with_one_job_there_are_no_workers_and_the_other_work_is_left():
    log = []
    meanwhile = Meanwhile(steps_of_work(3, log), weigh=lambda key: 1, most=5)
    results = list(Workers(None).in_order(square_in, ((n, (n,)) for n in range(4)), meanwhile))
    assert [(key, value, pid) for key, (value, pid) in results] == [(n, n * n, os.getpid()) for n in range(4)]
    assert log == []
