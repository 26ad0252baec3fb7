using System.Collections.Concurrent;

namespace MedPayIQ.Cli.Reprice;

/// <summary>
/// A batch of claims in a claim pipeline (<c>reprice</c>, <c>adjudicate</c>): the rows a reader gave (whole claims),
/// the parser a worker reads them with, and the first row it could not read (for <c>--strict</c>). Reused once written.
/// </summary>
internal abstract class PipelineJob(string file)
{
    /// <summary>The rows read, not yet parsed.</summary>
    public RowBatch Rows { get; } = new();

    /// <summary>The worker's parser of <see cref="Rows"/>.</summary>
    public ClaimRows Parser { get; } = new(file);

    /// <summary>The claim being parsed (reused).</summary>
    public ParsedClaim Parsed { get; } = new();

    /// <summary>With <c>--strict</c>: the first row of the batch that could not be read; nothing after it was processed.</summary>
    public string? FirstError { get; set; }

    /// <summary>Empties the job for the next batch (its arrays and buffers kept).</summary>
    public virtual void Clear()
    {
        Rows.Clear();
        FirstError = null;
    }

    /// <summary>
    /// Parses the claims of <see cref="Rows"/> in order and hands each to <paramref name="claim"/>; with
    /// <paramref name="strict"/>, stops at the first row that cannot be read (<see cref="FirstError"/>).
    /// </summary>
    public void ParseClaims(bool strict, Action<ParsedClaim> claim)
    {
        for (int c = 0; c < Rows.Claims; c++)
        {
            var parsed = Parser.Parse(Rows, c, strict, Parsed);
            if (strict && parsed.FirstError is { } error)
            {
                FirstError = error;
                return;
            }

            claim(parsed);
        }
    }
}

/// <summary>
/// The jobs of a claim pipeline, recycled (a run holds at most the pipeline's capacity of them, whatever the file's
/// size), and the run itself: jobs read (one worker at a time), processed by the workers, written in file order
/// (<see cref="OrderedPipeline"/>). One place for <c>reprice</c> and <c>adjudicate</c>.
/// </summary>
internal sealed class JobPool<TJob>(Func<TJob> create)
    where TJob : PipelineJob
{
    private readonly ConcurrentBag<TJob> _free = [];

    /// <summary>An empty job.</summary>
    public TJob Rent()
    {
        var job = _free.TryTake(out var j) ? j : create();
        job.Clear();
        job.Rows.Owner = job;
        return job;
    }

    /// <summary>The jobs of the row batches <paramref name="read"/> gives (asked for empty batches and the claims a batch takes).</summary>
    public IEnumerable<TJob> Rows(Func<Func<RowBatch>, int, IEnumerable<RowBatch>> read, int claimsPerBatch)
        => read(() => Rent().Rows, claimsPerBatch).Select(rows => (TJob)rows.Owner!);

    /// <summary>The jobs of items read whole (claims of an 837P, lines of a JSON lines file), <paramref name="perBatch"/> a job.</summary>
    public IEnumerable<TJob> Items<T>(IEnumerable<T> items, int perBatch, Func<TJob, List<T>> list)
    {
        var job = Rent();
        foreach (var item in items)
        {
            list(job).Add(item);
            if (list(job).Count == perBatch)
            {
                yield return job;
                job = Rent();
            }
        }

        if (list(job).Count > 0)
        {
            yield return job;
        }
    }

    /// <summary>
    /// Runs the pipeline: <paramref name="process"/> on <paramref name="workers"/> threads, <paramref name="write"/> in
    /// file order on this one. With <paramref name="strict"/>, a job's <see cref="PipelineJob.FirstError"/> stops the
    /// run there (a <see cref="UsageException"/>: exit 2) before its rows are written.
    /// </summary>
    public void Run(IEnumerable<TJob> jobs, Action<TJob> process, Action<TJob> write, int workers, bool strict)
        => OrderedPipeline.Run(jobs, process, job =>
        {
            if (strict && job.FirstError is { } error)
            {
                throw new UsageException(error);
            }

            write(job);
            _free.Add(job);
        }, workers, capacity: workers * 4);
}
