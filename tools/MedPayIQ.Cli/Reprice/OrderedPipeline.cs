using System.Runtime.ExceptionServices;

namespace MedPayIQ.Cli.Reprice;

/// <summary>
/// A bounded, ordered pipeline on <c>workers</c> threads (the calling thread one of them), each taking turns: read an
/// item (one thread at a time), process it, and leave it to be written; whichever thread finds the next item in source
/// order done writes it and every done item after it, one thread at a time. At most <c>capacity</c> items are read and
/// not yet written, so memory stays constant whatever the input's size; the output does not depend on the number of
/// workers. No thread of its own for the reading or the writing and nothing handed to the thread pool: on a machine of
/// two cores, the reading and the writing do not take a core from the processing, and no thread spins waiting for work.
/// </summary>
internal static class OrderedPipeline
{
    /// <summary>
    /// Reads <paramref name="source"/>, runs <paramref name="process"/> on each item on one of
    /// <paramref name="workers"/> threads, and calls <paramref name="write"/> on each, in source order, one call at a
    /// time. The first exception in source order (of the source, a worker or the writer) stops the pipeline and is
    /// thrown on this thread once every worker has stopped; the items before it are written.
    /// </summary>
    public static void Run<T>(IEnumerable<T> source, Action<T> process, Action<T> write, int workers, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, workers);
        using var items = source.GetEnumerator();
        var state = new State<T>(items, process, write, capacity);
        var threads = new Thread[workers - 1];
        for (int i = 0; i < threads.Length; i++)
        {
            threads[i] = new Thread(state.Work) { IsBackground = true, Name = "medpayiq worker" };
            threads[i].Start();
        }

        state.Work();
        foreach (var thread in threads)
        {
            thread.Join();
        }

        if (state.Error is { } error)
        {
            error.Throw();
        }
    }

    /// <summary>The pipeline's shared state: the source, the items read and not yet written (a ring by sequence number), the turn to write.</summary>
    private sealed class State<T>(IEnumerator<T> items, Action<T> process, Action<T> write, int capacity)
    {
        private readonly object _readLock = new();
        private readonly object _lock = new();       // guards what follows, and is waited on for room in the ring
        private readonly T[] _done = new T[capacity];
        private readonly ExceptionDispatchInfo?[] _failed = new ExceptionDispatchInfo?[capacity];
        private readonly bool[] _ready = new bool[capacity];
        private long _read;                          // items read (the next item's sequence number), under _readLock
        private long _written;                       // items written (the next to write)
        private bool _writing;                       // a thread is writing
        private bool _ended;                         // the source is done, or the pipeline stopped

        /// <summary>The first exception in source order, once the pipeline has stopped.</summary>
        public ExceptionDispatchInfo? Error { get; private set; }

        /// <summary>A worker: read, process, leave to be written, write when it is this thread's turn; until the source ends or an error stops it.</summary>
        public void Work()
        {
            while (true)
            {
                T item;
                long sequence;
                ExceptionDispatchInfo? failure = null;
                lock (_readLock)
                {
                    if (!WaitForRoom())
                    {
                        return;
                    }

                    sequence = _read;
                    try
                    {
                        if (!items.MoveNext())
                        {
                            End();
                            return;
                        }

                        item = items.Current;
                    }
                    catch (Exception ex)
                    {
                        item = default!;
                        failure = ExceptionDispatchInfo.Capture(ex); // the reader's: after the items read before it are written
                        End();
                    }

                    _read++;
                }

                if (failure is null)
                {
                    try
                    {
                        process(item);
                    }
                    catch (Exception ex)
                    {
                        failure = ExceptionDispatchInfo.Capture(ex);
                    }
                }

                Leave(sequence, item, failure);
            }
        }

        /// <summary>Waits until the ring has room for one more item read; false when the pipeline has ended.</summary>
        private bool WaitForRoom()
        {
            lock (_lock)
            {
                while (!_ended && _read - _written >= _done.Length)
                {
                    Monitor.Wait(_lock);
                }

                return !_ended;
            }
        }

        /// <summary>No more reading: the source is done or the pipeline stopped.</summary>
        private void End()
        {
            lock (_lock)
            {
                _ended = true;
                Monitor.PulseAll(_lock);
            }
        }

        /// <summary>Leaves an item done (or failed) in its place, and writes it and the done items after it when it is the next to write and no thread is writing.</summary>
        private void Leave(long sequence, T item, ExceptionDispatchInfo? failure)
        {
            lock (_lock)
            {
                int slot = (int)(sequence % _done.Length);
                (_done[slot], _failed[slot], _ready[slot]) = (item, failure, true);
                if (_writing || sequence != _written)
                {
                    return; // written by the thread whose turn it is, or by this one later
                }

                _writing = true;
            }

            while (true)
            {
                T next;
                ExceptionDispatchInfo? error;
                lock (_lock)
                {
                    int slot = (int)(_written % _done.Length);
                    if (!_ready[slot] || Error is not null)
                    {
                        _writing = false;
                        return;
                    }

                    (next, error) = (_done[slot], _failed[slot]);
                    (_done[slot], _failed[slot], _ready[slot]) = (default!, null, false);
                }

                if (error is null)
                {
                    try
                    {
                        write(next);
                    }
                    catch (Exception ex)
                    {
                        error = ExceptionDispatchInfo.Capture(ex);
                    }
                }

                lock (_lock)
                {
                    if (error is not null)
                    {
                        Error = error; // the first in source order: nothing after it is written
                        _ended = true;
                    }

                    _written++;
                    Monitor.PulseAll(_lock);
                }
            }
        }
    }
}
