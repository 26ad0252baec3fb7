using System.Threading.Channels;

namespace MedPayIQ.Cli.Reprice;

/// <summary>
/// A bounded, ordered pipeline: one thread reads items, <c>workers</c> threads process them, the calling thread writes
/// them in the order read. At most <c>capacity</c> items are between reader and writer, so memory stays constant
/// whatever the input's size; the output does not depend on the number of workers.
/// </summary>
internal static class OrderedPipeline
{
    private sealed class Slot<T>(T item)
    {
        public T Item { get; } = item;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Reads <paramref name="source"/> on a thread of its own, runs <paramref name="process"/> on each item on one of
    /// <paramref name="workers"/> threads, and calls <paramref name="write"/> on each, in source order, on this thread.
    /// The first exception (of the reader, a worker or the writer, in source order) stops the pipeline and is thrown.
    /// </summary>
    public static void Run<T>(IEnumerable<T> source, Action<T> process, Action<T> write, int workers, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, workers);
        using var stop = new CancellationTokenSource();
        var ordered = Channel.CreateBounded<Slot<T>>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        var work = Channel.CreateBounded<Slot<T>>(new BoundedChannelOptions(capacity) { SingleWriter = true });
        Exception? readError = null;
        var reader = new Thread(() =>
        {
            try
            {
                foreach (var item in source)
                {
                    var slot = new Slot<T>(item);
                    ordered.Writer.WriteAsync(slot, stop.Token).AsTask().GetAwaiter().GetResult();
                    work.Writer.WriteAsync(slot, stop.Token).AsTask().GetAwaiter().GetResult();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                readError = ex; // thrown after the items read before it are written
            }
            finally
            {
                ordered.Writer.TryComplete();
                work.Writer.TryComplete();
            }
        })
        { IsBackground = true, Name = "medpayiq reader" };

        var threads = new Task[workers];
        for (int i = 0; i < workers; i++)
        {
            threads[i] = Task.Factory.StartNew(
                () =>
                {
                    while (work.Reader.WaitToReadAsync(stop.Token).AsTask().GetAwaiter().GetResult())
                    {
                        while (work.Reader.TryRead(out var slot))
                        {
                            try
                            {
                                process(slot.Item);
                                slot.Done.SetResult();
                            }
                            catch (Exception ex)
                            {
                                slot.Done.SetException(ex);
                            }
                        }
                    }
                },
                stop.Token,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }

        reader.Start();
        try
        {
            while (ordered.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (ordered.Reader.TryRead(out var slot))
                {
                    slot.Done.Task.GetAwaiter().GetResult();
                    write(slot.Item);
                }
            }

            reader.Join();
            if (readError is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(readError).Throw();
            }
        }
        finally
        {
            stop.Cancel();
            reader.Join();
            try
            {
                Task.WaitAll(threads);
            }
            catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
            {
            }
        }
    }
}
