using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Reprice;

/// <summary>How a reprice run reads, prices and writes.</summary>
/// <param name="Workers">The threads that read (one at a time), parse, price, format and write (one at a time, in file order).</param>
/// <param name="ClaimsPerBatch">The claims a worker takes at a time (the output does not depend on it).</param>
/// <param name="Strict">Stop at the first row that cannot be read (a <see cref="UsageException"/>) instead of rejecting it.</param>
internal sealed record RepriceSettings(int Workers, int ClaimsPerBatch = 256, bool Strict = false)
{
    /// <summary>A worker per core.</summary>
    public static RepriceSettings Default => new(Environment.ProcessorCount);
}

/// <summary>What a reprice run did.</summary>
/// <param name="Lines">The rows written: lines priced (whatever their outcome) and rows rejected.</param>
/// <param name="Claims">The claims.</param>
/// <param name="Allowed">The allowed amounts, summed.</param>
/// <param name="MedicarePayment">Medicare's payments, summed.</param>
/// <param name="UnpricedLines">The lines read whose outcome is not Priced.</param>
/// <param name="RejectedRows">The rows that could not be read.</param>
/// <param name="FlaggedClaims">The claims priced without some of their rows.</param>
/// <param name="Elapsed">The time taken.</param>
internal sealed record RepriceSummary(long Lines, long Claims, decimal Allowed, decimal MedicarePayment, long UnpricedLines, long RejectedRows, long FlaggedClaims, TimeSpan Elapsed)
{
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture,
            $"medpayiq: {Lines:N0} lines in {Claims:N0} claims; allowed {Allowed:N2}, Medicare {MedicarePayment:N2}; {UnpricedLines:N0} lines not priced; {RejectedRows:N0} rows rejected ({FlaggedClaims:N0} claims priced without them); {Lines / Math.Max(Elapsed.TotalSeconds, 1e-9):N0} lines/s");
}

/// <summary>
/// The work of <c>medpayiq reprice</c>: claims read in batches (whole claims), parsed, priced and formatted by the
/// workers, written in file order (<see cref="OrderedPipeline"/>). A row that cannot be read is written in its place
/// as <c>Rejected</c> with its reason, its claim priced without it (and flagged), unless <see cref="RepriceSettings.Strict"/>.
/// </summary>
internal sealed class RepriceRun(PaymentCalculator calculator, RepriceSettings settings)
{
    /// <summary>A batch in the pipeline: its rows (or claims), its output and its counts. Reused once written.</summary>
    private sealed class Job(ILineSink sink, string file, ClaimPricer pricer) : PipelineJob(file)
    {
        /// <summary>Prices the job's claims into one reused result: each claim's lines are written before the next is priced.</summary>
        public ClaimPricer Pricer { get; } = pricer;

        public List<FileClaim> Claims { get; } = [];

        public ILineSink Sink { get; } = sink;

        public long Lines, ClaimCount, Unpriced, Rejected, Flagged, AllowedCents, PaymentCents;

        public override void Clear()
        {
            base.Clear();
            Claims.Clear();
        }
    }

    /// <summary>Reprices the claims of a CSV claim file to <paramref name="writer"/>.</summary>
    public RepriceSummary Csv(ClaimFileReader.CsvClaims file, IRepriceWriter writer, Action<long, int>? progress = null)
        => Rows((next, claims) => file.ReadBatches(next, claims, progress), file.Name, writer);

#if PARQUET
    /// <summary>Reprices the claims of a Parquet claim file to <paramref name="writer"/>.</summary>
    public RepriceSummary Parquet(ParquetClaims file, IRepriceWriter writer)
        => Rows(file.ReadBatches, file.Name, writer);
#endif

    /// <summary>Reprices the rows <paramref name="read"/> gives (asked for empty batches and the claims a batch takes).</summary>
    private RepriceSummary Rows(Func<Func<RowBatch>, int, IEnumerable<RowBatch>> read, string name, IRepriceWriter writer)
    {
        var jobs = Jobs(writer, name);
        return Run(jobs, jobs.Rows(read, settings.ClaimsPerBatch), writer);
    }

    /// <summary>Reprices claims read whole (an 837P) to <paramref name="writer"/>.</summary>
    public RepriceSummary Claims(IEnumerable<FileClaim> claims, string name, IRepriceWriter writer)
    {
        var jobs = Jobs(writer, name);
        return Run(jobs, jobs.Items(claims, settings.ClaimsPerBatch, job => job.Claims), writer);
    }

    private JobPool<Job> Jobs(IRepriceWriter writer, string file) => new(() => new Job(writer.NewSink(), file, new ClaimPricer(calculator)));

    private RepriceSummary Run(JobPool<Job> pool, IEnumerable<Job> jobs, IRepriceWriter writer)
    {
        var clock = Stopwatch.StartNew();
        long lines = 0, claims = 0, unpriced = 0, rejected = 0, flagged = 0, allowed = 0, payment = 0;
        pool.Run(jobs, Process, job =>
        {
            writer.Write(job.Sink);
            lines += job.Lines;
            claims += job.ClaimCount;
            unpriced += job.Unpriced;
            rejected += job.Rejected;
            flagged += job.Flagged;
            allowed += job.AllowedCents;
            payment += job.PaymentCents;
        }, settings.Workers, settings.Strict);
        writer.Complete();
        return new RepriceSummary(lines, claims, allowed / 100m, payment / 100m, unpriced, rejected, flagged, clock.Elapsed);
    }

    private void Process(Job job)
    {
        job.Sink.Reset();
        job.Lines = job.ClaimCount = job.Unpriced = job.Rejected = job.Flagged = job.AllowedCents = job.PaymentCents = 0;
        // A claim of the file's rows is priced from its lines as read: no claim object made for it.
        job.ParseClaims(settings.Strict, parsed => Emit(job, parsed.Id, parsed.Header is { } header ? job.Pricer.Price(header, CollectionsMarshal.AsSpan(parsed.Lines)) : null, parsed.Numbers, parsed.Rejected));
        foreach (var claim in job.Claims)
        {
            Emit(job, claim.Id, job.Pricer.Price(claim.Claim), claim.LineNumbers, []);
        }
    }

    /// <summary>A claim's rows in file order: its lines priced (<paramref name="price"/>, read to the end of this method, never after), its rejected rows in their places.</summary>
    private static void Emit(Job job, string id, ClaimPrice? price, IReadOnlyList<string> numbers, List<RejectedRow> rejected)
    {
        int lines = price?.Lines.Length ?? 0, total = lines + rejected.Count, next = 0, r = 0;
        job.ClaimCount++;
        job.Flagged += price is not null && rejected.Count > 0 ? 1 : 0;
        if (price is not null)
        {
            // The claim's totals are its lines' sums: added once a claim, not a line at a time (two decimal products a line).
            job.AllowedCents += (long)(price.AllowedAmount * 100m);
            job.PaymentCents += (long)(price.MedicarePayment * 100m);
            job.Unpriced += price.UnpricedLines;
        }

        for (int position = 0; position < total; position++)
        {
            if (r < rejected.Count && (rejected[r].Position == position || next == lines))
            {
                job.Sink.Rejected(rejected[r++], rejected.Count);
                job.Rejected++;
            }
            else
            {
                job.Sink.Priced(id, numbers[next], price!, next, rejected.Count);
                next++;
            }

            job.Lines++;
        }
    }
}

/// <summary>
/// An output file written under a temporary name in its folder and renamed to its name only when complete: a run that
/// fails or is interrupted leaves no file that looks finished (and an earlier file of that name stays as it was).
/// </summary>
internal sealed class AtomicOutput : IDisposable
{
    private readonly string _target;
    private readonly string _temporary;
    private bool _done;

    public AtomicOutput(FileInfo target)
    {
        _target = target.FullName;
        if (Directory.Exists(_target))
        {
            throw new UsageException($"{target.FullName} is a folder; -o takes a file name.");
        }

        _temporary = Path.Combine(Path.GetDirectoryName(_target)!, $".{target.Name}.{Path.GetRandomFileName()}.partial");
        Stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }

    /// <summary>The temporary file.</summary>
    public FileStream Stream { get; }

    /// <summary>Flushes the file and gives it its name (replacing a file of that name).</summary>
    public void Commit()
    {
        Stream.Dispose();
        File.Move(_temporary, _target, overwrite: true);
        _done = true;
    }

    /// <summary>Deletes the temporary file unless committed.</summary>
    public void Dispose()
    {
        if (!_done)
        {
            Stream.Dispose();
            File.Delete(_temporary);
        }
    }
}
