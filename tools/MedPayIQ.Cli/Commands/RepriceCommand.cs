using System.CommandLine;
using System.Globalization;
using MedPayIQ.Cli.Options;
using MedPayIQ.Cli.Reprice;
using MedPayIQ.Pricing;
using static MedPayIQ.Cli.Cli;

namespace MedPayIQ.Cli.Commands;

/// <summary>
/// <c>medpayiq reprice</c>: prices a file of claim lines on every core, streaming (workers that take turns to read, then write in file order:
/// constant memory whatever the file's size). A row that cannot be read is written as <c>Rejected</c> with its reason
/// and costs only itself (<c>--strict</c> stops at it instead); the output gets its name only when complete.
/// </summary>
internal sealed class RepriceCommand : Command
{
    private readonly Argument<FileInfo> _input = new("CLAIMS") { Description = "A CSV file of claim lines with a header: claim_id, date, hcpcs and any of line, modifiers, units, pos, facility, carrier, locality, zip, provider, participating, qp, charge, minutes, base_units; a Parquet file with those columns (recognized by its PAR1 header); or an 837P file (recognized by its ISA header)." };
    private readonly OutputOptions _output = OutputOptions.ToFile("The priced lines: Parquet when the name ends in .parquet, else CSV (or JSON lines with --json-lines); written under a temporary name and renamed when complete.", required: true, jsonLines: "Write one JSON object per line instead of CSV.");
    private readonly Option<bool> _failOnFindings = new("--fail-on-findings") { Description = "Exit 1 when any line cannot be priced (or any row read)." };
    private readonly Option<string> _columns = new("--columns")
    {
        Description = $"Write only these columns of the CSV or Parquet output, comma-separated, kept in the output's order ({string.Join(",", RepriceColumns.Names)}); the others are neither formatted nor written.",
    };
    private readonly BatchOptions _batch = new();
    private readonly TextWriter _error;

    public RepriceCommand(TextWriter error)
        : base("reprice", "Price a file of claim lines on every core, streaming; rows that cannot be read are written as Rejected with their reason; a summary (lines, totals, unpriced lines, rejected rows, lines per second) goes to stderr.")
    {
        _error = error;
        Parsers.MustExist(_input);
        Arguments.Add(_input);
        _output.AddTo(this);
        Options.Add(_failOnFindings);
        Options.Add(_columns);
        _batch.AddTo(this);

        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        int columns = parse.GetValue(_columns) is { } list ? RepriceColumns.Parse(list) : RepriceColumns.All;
        var calculator = ExactReleaseOption.Calculator(parse, DataOption.LoadCatalog(DataOption.GetValue(parse)));
        var settings = new RepriceSettings(_batch.Workers(parse), Strict: _batch.Strict(parse));
        var summary = Reprice(parse.GetValue(_input)!, _output.GetFile(parse)!, calculator, settings, _output.IsJson(parse), _error, progress: !Console.IsErrorRedirected && ReferenceEquals(_error, Console.Error), columns);
        _error.WriteLine(summary.ToString());
        return (parse.GetValue(_failOnFindings) && summary.UnpricedLines + summary.RejectedRows > 0) || (_batch.FailOnRejects(parse) && summary.RejectedRows > 0) ? Findings : Ok;
    }

    /// <summary>Reprices <paramref name="file"/> to <paramref name="target"/> (renamed into place when complete), its <paramref name="columns"/> (<see cref="RepriceColumn"/> bits).</summary>
    internal static RepriceSummary Reprice(FileInfo file, FileInfo target, PaymentCalculator calculator, RepriceSettings settings, bool jsonLines, TextWriter error, bool progress, int columns = RepriceColumns.All)
    {
        if (jsonLines && columns != RepriceColumns.All)
        {
            throw new UsageException("--columns selects the columns of CSV or Parquet output; a JSON line holds the whole price (leave out --json-lines or --columns).");
        }

        Action<long, int>? report = progress ? (read, percent) => error.Write($"\r[{new string('#', percent / 5),-20}] {percent,3}%  {read:N0} lines") : null;
        var run = new RepriceRun(calculator, settings);
        RepriceSummary summary;
        X12ClaimFile? x12;
        using (var output = new AtomicOutput(target))
        {
            x12 = X12ClaimFile.Is(file) ? new X12ClaimFile(file, new X12.X12ReadOptions { ApplySequestration = false }) : null; // an 837P, read claim by claim
            using var writer = Writer(target, output.Stream, jsonLines, columns);
            if (x12 is null && IsParquet(file))
            {
#if PARQUET
                using var claims = new ParquetClaims(file);
                summary = run.Parquet(claims, writer);
#else
                throw new UsageException(NoParquet);
#endif
            }
            else if (x12 is null)
            {
                using var claims = ClaimFileReader.OpenCsvClaims(file);
                summary = run.Csv(claims, writer, report);
            }
            else
            {
                var claims = x12.Claims().Select(c => new FileClaim(c.ClaimId, c.Claim, [.. c.ServiceLines.Select(l => l.Number.ToString(CultureInfo.InvariantCulture))]));
                summary = run.Claims(claims, file.Name, writer);
            }

            output.Commit();
        }

        if (progress)
        {
            error.Write("\r" + new string(' ', 50) + "\r");
        }

        x12?.ThrowIfNotAllRead(); // the claims of the transaction sets read are written; the others named (exit 2)
        return summary;
    }

    /// <summary>What the Native AOT build says of Parquet, which it leaves out.</summary>
    internal const string NoParquet = "this build of medpayiq (Native AOT) does not read or write Parquet: Parquet.Net is not Native AOT-clean. The .NET tool does (dotnet tool install -g MedPayIQ.Cli).";

    /// <summary>Whether a file starts as a Parquet file does (PAR1).</summary>
    internal static bool IsParquet(FileInfo file)
    {
        using var stream = file.OpenRead();
        Span<byte> magic = stackalloc byte[4];
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("PAR1"u8);
    }

    /// <summary>Parquet when the output's name ends in .parquet, else CSV or JSON lines.</summary>
#pragma warning disable CA1859 // the interface: the Native AOT build, without Parquet, only ever returns text
    private static IRepriceWriter Writer(FileInfo target, Stream output, bool jsonLines, int columns)
    {
        if (target.Extension.Equals(".parquet", StringComparison.OrdinalIgnoreCase))
        {
#if PARQUET
            return jsonLines ? throw new UsageException("--json-lines writes text: give an output name that does not end in .parquet.") : new ParquetRepriceWriter(output, columns);
#else
            throw new UsageException(NoParquet);
#endif
        }

        var text = new TextRepriceWriter(output, jsonLines, columns);
        text.Header();
        return text;
    }
#pragma warning restore CA1859
}
