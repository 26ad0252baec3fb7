using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using MedPayIQ.Cli.Json;
using MedPayIQ.Cli.Reprice;
using MedPayIQ.Pricing;
using MedPayIQ.X12;
using static MedPayIQ.Cli.Cli;

namespace MedPayIQ.Cli.Commands;

/// <summary>What an adjudicate run does besides the pipeline's settings: the output format and what completes a claim of a claim file.</summary>
/// <param name="Kind">CSV, JSON lines or 835 (an 837P written back goes through <see cref="RepricedClaimWriter"/>, not this run).</param>
/// <param name="Deductible">The Part B deductible still unmet for a claim that does not say, or null (met).</param>
/// <param name="BaseUnits">Anesthesia base units by code for the lines without theirs, or null.</param>
/// <param name="Time">The clock an 835 takes its dates from (the system's when null).</param>
internal sealed record AdjudicateOptions(RemittanceFormat Kind, decimal? Deductible = null, Dictionary<HcpcsCode, int>? BaseUnits = null, TimeProvider? Time = null);

/// <summary>
/// The work of <c>medpayiq adjudicate</c> on the pipeline of <c>reprice</c> (<see cref="JobPool{TJob}"/>): claims
/// read in batches, parsed, adjudicated and formatted by the workers, written in file order. A row of a claim CSV that
/// cannot be read, or a JSON line that is not a readable claim, is written as <c>Rejected</c> with its reason (CSV and
/// JSON lines) and its claim adjudicated without it; an 835 leaves such a claim out (its totals would not be the
/// billed claim's) and <paramref name="error"/> names it. With <see cref="RepriceSettings.Strict"/>, the first
/// unreadable row stops the run.
/// </summary>
internal sealed class AdjudicateRun(ExpectedAdjudicator adjudicator, RepriceSettings settings, AdjudicateOptions options, TextWriter error)
{
    /// <summary>The 835's options, shared by the workers that format its claims and the writer that adds them.</summary>
    private readonly RemittanceOptions _remittance = new() { Time = options.Time ?? TimeProvider.System };

    /// <summary>The claims left out of an 835 named on stderr; the others are counted.</summary>
    internal const int LeftOutNamed = 100;

    private sealed class Job : PipelineJob
    {
        public Job(string file, bool json)
            : base(file)
        {
            Json = json ? new JsonLineWriter(Text) : null;
        }

        public List<ProfessionalClaim> X12 { get; } = [];

        public List<(long Line, string Text)> JsonRows { get; } = [];

        /// <summary>The CSV or JSON lines the batch's claims are written as.</summary>
        public StringWriter Text { get; } = new(CultureInfo.InvariantCulture);

        public JsonLineWriter? Json { get; }

        /// <summary>835: the claims to remit (formatted by the worker), and the claims left out with why.</summary>
        public List<AdjudicateCommand.RemittanceOutput.Pending> Remit { get; } = [];

        public List<string> LeftOut { get; } = [];

        public AdjudicateCommand.Summary Summary { get; set; } = new();

        public override void Clear()
        {
            base.Clear();
            X12.Clear();
            JsonRows.Clear();
        }
    }

    /// <summary>Adjudicates the claims of a claim CSV file (<see cref="ClaimFileReader.CsvClaims"/>) to <paramref name="output"/>.</summary>
    public AdjudicateCommand.Summary Csv(ClaimFileReader.CsvClaims file, TextWriter output)
    {
        var jobs = Jobs(file.Name);
        return Run(jobs, jobs.Rows((next, claims) => file.ReadBatches(next, claims), settings.ClaimsPerBatch), output, file.Name);
    }

    /// <summary>Adjudicates the claims of a JSON lines file, one claim object a line, to <paramref name="output"/>.</summary>
    public AdjudicateCommand.Summary JsonLines(FileInfo file, TextWriter output)
    {
        var jobs = Jobs(file.Name);
        return Run(jobs, jobs.Items(ClaimFileReader.JsonLineRows(file), settings.ClaimsPerBatch, job => job.JsonRows), output, file.Name);
    }

    /// <summary>Adjudicates the claims of an 837P (read by <paramref name="file"/>) to <paramref name="output"/>.</summary>
    public AdjudicateCommand.Summary X12(X12ClaimFile file, string name, TextWriter output)
    {
        var jobs = Jobs(name);
        return Run(jobs, jobs.Items(file.Claims(), settings.ClaimsPerBatch, job => job.X12), output, name);
    }

    private JobPool<Job> Jobs(string file) => new(() => new Job(file, options.Kind == RemittanceFormat.JsonLines));

    private AdjudicateCommand.Summary Run(JobPool<Job> pool, IEnumerable<Job> jobs, TextWriter output, string source)
    {
        var clock = Stopwatch.StartNew();
        var summary = new AdjudicateCommand.Summary();
        var remittance = options.Kind == RemittanceFormat.X835 ? new AdjudicateCommand.RemittanceOutput(output, source, _remittance) : null;
        if (options.Kind == RemittanceFormat.Csv)
        {
            output.Write(AdjudicateCommand.CsvHeader);
        }

        long leftOut = 0;
        pool.Run(jobs, Process, job =>
        {
            if (remittance is null)
            {
                foreach (var chunk in job.Text.GetStringBuilder().GetChunks())
                {
                    output.Write(chunk.Span);
                }
            }
            else
            {
                foreach (var claim in job.Remit)
                {
                    remittance.Add(claim);
                }

                foreach (string claim in job.LeftOut)
                {
                    if (++leftOut <= LeftOutNamed)
                    {
                        error.WriteLine($"medpayiq: {claim}");
                    }
                }
            }

            summary.Add(job.Summary);
        }, settings.Workers, settings.Strict);
        remittance?.Complete();
        if (leftOut > LeftOutNamed)
        {
            error.WriteLine(Invariant($"medpayiq: {leftOut - LeftOutNamed:N0} more claims left out of the 835 (CSV or JSON lines output gives every rejected row with its reason)."));
        }

        output.Flush();
        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    private void Process(Job job)
    {
        job.Summary = new AdjudicateCommand.Summary();
        job.Text.GetStringBuilder().Clear();
        job.Remit.Clear();
        job.LeftOut.Clear();
        job.ParseClaims(settings.Strict, parsed => Emit(job, parsed.Id, parsed.Claim is { } c ? Adjust(c) : null, parsed.Rejected, null));
        foreach (var claim in job.X12)
        {
            Emit(job, claim.ClaimId, claim.Claim, [], claim);
        }

        foreach (var (line, text) in job.JsonRows)
        {
            FileClaim claim;
            try
            {
                claim = ClaimFileReader.JsonLineClaim(text, Invariant($"{job.Parser.File} line {line}"));
            }
            catch (UsageException ex)
            {
                if (settings.Strict)
                {
                    job.FirstError = ex.Message;
                    return;
                }

                string id = ClaimFileReader.JsonClaimId(text);
                Emit(job, id, null, [new RejectedRow(0, id, "", "", "", "", "", ex.Message)], null);
                continue;
            }

            Emit(job, claim.Id, Adjust(claim.Claim), [], null);
        }
    }

    /// <summary>A claim of a claim file as Medicare pays it: sequestration for its dates, the deductible given (else met), the base units of its anesthesia lines.</summary>
    private Claim Adjust(Claim claim)
    {
        var units = options.BaseUnits;
        var lines = units is null ? claim.Lines
            : [.. claim.Lines.Select(l => l.AnesthesiaMinutes > 0 && l.AnesthesiaBaseUnits is null && units.TryGetValue(l.Hcpcs, out int b) ? l with { AnesthesiaBaseUnits = b } : l)];
        return claim with { Lines = lines, ApplySequestration = true, DeductibleRemaining = claim.DeductibleRemaining ?? options.Deductible };
    }

    /// <summary>A claim adjudicated (its readable rows; none when <paramref name="claim"/> is null) and its rejected rows, into the job's output.</summary>
    private void Emit(Job job, string id, Claim? claim, List<RejectedRow> rejected, ProfessionalClaim? source)
    {
        var expected = claim is null ? null : source is not null ? adjudicator.Adjudicate(source) : adjudicator.Adjudicate(id, claim);
        if (expected is not null && rejected.Count > 0)
        {
            expected = Renumbered(expected, rejected);
        }

        job.Summary.Add(expected, rejected.Count);
        switch (options.Kind)
        {
            case RemittanceFormat.X835 when rejected.Count == 0:
                job.Remit.Add(AdjudicateCommand.RemittanceOutput.Prepare(expected!, _remittance));
                break;
            case RemittanceFormat.X835:
                job.Summary.LeftOut++;
                job.LeftOut.Add($"claim {ClaimFileReader.Shorten(id)} left out of the 835 ({rejected.Count} {(rejected.Count == 1 ? "row" : "rows")} not read): {rejected[0].Reason}");
                break;
            case RemittanceFormat.JsonLines:
                job.Json!.Write(ExpectedClaimJson.Of(id, expected, rejected), CliJsonLinesContext.Default.ExpectedClaimJson);
                break;
            default:
                AdjudicateCommand.WriteCsv(job.Text, expected, rejected);
                break;
        }
    }

    /// <summary>The claim's lines numbered by their place among all the claim's rows (the rejected rows keep theirs).</summary>
    private static ExpectedClaim Renumbered(ExpectedClaim claim, List<RejectedRow> rejected)
    {
        var lines = ImmutableArray.CreateBuilder<ExpectedLine>(claim.Lines.Length);
        int position = 0, r = 0;
        foreach (var line in claim.Lines)
        {
            while (r < rejected.Count && rejected[r].Position == position)
            {
                r++;
                position++;
            }

            lines.Add(line with { LineNumber = ++position });
        }

        return claim with { Lines = lines.MoveToImmutable() };
    }
}
