using FsCheck;
using FsCheck.Xunit;
using MedPayIQ.Cli.Reprice;
using Xunit;

namespace MedPayIQ.Cli.Tests;

public sealed class OrderedPipelineTests
{
    /// <summary>Any items, any number of workers and any capacity: every item processed once and written once, in source order, never more in flight than the capacity.</summary>
    [Property(MaxTest = 200)]
    public void Writes_every_item_once_in_source_order_within_the_capacity(NonNegativeInt count, PositiveInt workers, NonNegativeInt extra, int seed)
    {
        int n = count.Get % 300, w = 1 + (workers.Get % 6), capacity = w + (extra.Get % 8);
        var random = new Random(seed);
        int[] delays = [.. Enumerable.Range(0, n).Select(_ => random.Next(30) == 0 ? -1 : random.Next(4) == 0 ? random.Next(50) : 0)]; // -1: a slow item (a millisecond), the others run ahead of it
        var written = new List<int>();
        int processed = 0, read = 0, inFlight = 0, most = 0, writers = 0;
        IEnumerable<int> Source()
        {
            for (int i = 0; i < n; i++)
            {
                Interlocked.Increment(ref read);
                int now = Interlocked.Increment(ref inFlight);
                most = Math.Max(most, now); // read under the pipeline's read lock: one thread at a time
                yield return i;
            }
        }

        OrderedPipeline.Run(Source(), i =>
        {
            if (delays[i] < 0)
            {
                Thread.Sleep(1);
            }

            Thread.SpinWait(delays[i] * 100);
            Interlocked.Increment(ref processed);
        }, i =>
        {
            if (Interlocked.Increment(ref writers) != 1)
            {
                throw new InvalidOperationException("two writers at once");
            }

            written.Add(i);
            Interlocked.Decrement(ref inFlight);
            Interlocked.Decrement(ref writers);
        }, w, capacity);

        Assert.Equal(Enumerable.Range(0, n), written);
        Assert.Equal(n, processed);
        Assert.Equal(n, read);
        Assert.InRange(most, 0, capacity);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void A_failed_item_stops_the_run_after_the_items_before_it_are_written(int workers)
    {
        var written = new List<int>();
        var ex = Assert.Throws<InvalidOperationException>(() => OrderedPipeline.Run(Enumerable.Range(0, 1000), i =>
        {
            if (i is 37 or 38 or 500)
            {
                throw new InvalidOperationException($"item {i}");
            }
        }, written.Add, workers, capacity: workers * 4));

        Assert.Equal("item 37", ex.Message);                      // the first in source order, whichever failed first
        Assert.Equal(Enumerable.Range(0, 37), written);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_failed_write_stops_the_run_and_nothing_after_it_is_written(int workers)
    {
        var written = new List<int>();
        var ex = Assert.Throws<UsageException>(() => OrderedPipeline.Run(Enumerable.Range(0, 1000), _ => { }, i =>
        {
            if (i == 60)
            {
                throw new UsageException("row 60");
            }

            written.Add(i);
        }, workers, capacity: 8));

        Assert.Equal("row 60", ex.Message);
        Assert.Equal(Enumerable.Range(0, 60), written);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_failed_read_is_thrown_after_every_item_read_before_it_is_written(int workers)
    {
        static IEnumerable<int> Source()
        {
            for (int i = 0; i < 100; i++)
            {
                yield return i;
            }

            throw new IOException("disk gone");
        }

        var written = new List<int>();
        var ex = Assert.Throws<IOException>(() => OrderedPipeline.Run(Source(), _ => Thread.SpinWait(200), written.Add, workers, capacity: workers * 4));

        Assert.Equal("disk gone", ex.Message);
        Assert.Equal(Enumerable.Range(0, 100), written);
    }

    [Fact]
    public void The_source_is_disposed_when_the_run_ends()
    {
        bool disposed = false;
        IEnumerable<int> Source()
        {
            try
            {
                yield return 1;
                yield return 2;
            }
            finally
            {
                disposed = true;
            }
        }

        Assert.Throws<InvalidOperationException>(() => OrderedPipeline.Run(Source(), _ => throw new InvalidOperationException("stop"), _ => { }, 2, 2));
        Assert.True(disposed);
    }
}
