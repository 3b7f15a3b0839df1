namespace FraudActors.Runtime.Scheduling;

/// <summary>
/// Runs the tasks of one activation one at a time, in order, on thread-pool threads. Grain code started on this
/// scheduler captures it, so every continuation after an <c>await</c> comes back here: that is what makes an
/// activation single-threaded without locks, as Orleans' ActivationTaskScheduler does.
/// </summary>
internal sealed class ActivationTaskScheduler : TaskScheduler, IThreadPoolWorkItem
{
    /// <summary>
    /// Tasks run per thread-pool visit before yielding the thread, so that one busy activation cannot starve
    /// the others sharing the pool.
    /// </summary>
    private const int TurnBudget = 64;

    [ThreadStatic]
    private static ActivationTaskScheduler? s_running;

    private readonly Queue<Task> _queue = new();
    private readonly Lock _lock = new();
    private bool _scheduled;

    /// <summary>True when the calling thread is currently running this scheduler's tasks.</summary>
    public bool IsRunningOnCurrentThread => s_running == this;

    /// <inheritdoc />
    public override int MaximumConcurrencyLevel => 1;

    /// <inheritdoc />
    protected override void QueueTask(Task task)
    {
        lock (_lock)
        {
            _queue.Enqueue(task);
            if (_scheduled)
            {
                return;
            }

            _scheduled = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <inheritdoc />
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued)
    {
        // Inlining is safe only on the thread that already owns this activation; anywhere else it would run
        // grain code in parallel with the owner. A previously queued task stays in the queue: running it here
        // would break FIFO order.
        return s_running == this && !taskWasPreviouslyQueued && TryExecuteTask(task);
    }

    /// <inheritdoc />
    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_lock)
        {
            return _queue.ToArray();
        }
    }

    /// <summary>Drains up to <see cref="TurnBudget"/> tasks, then yields the thread if more are waiting.</summary>
    public void Execute()
    {
        var previous = s_running;
        s_running = this;
        try
        {
            for (var i = 0; i < TurnBudget; i++)
            {
                Task task;
                lock (_lock)
                {
                    if (!_queue.TryDequeue(out task!))
                    {
                        _scheduled = false;
                        return;
                    }
                }

                TryExecuteTask(task);
            }
        }
        finally
        {
            s_running = previous;
        }

        // Budget spent with work left: go to the back of the thread pool's queue.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }
}
