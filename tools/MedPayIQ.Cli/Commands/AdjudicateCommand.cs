using System.CommandLine;
using System.Globalization;
using System.Text;
using MedPayIQ.Cli.Json;
using MedPayIQ.Cli.Options;
using MedPayIQ.Cli.Reprice;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;
using MedPayIQ.X12;
using static MedPayIQ.Cli.Cli;

namespace MedPayIQ.Cli.Commands;

/// <summary>The files <c>adjudicate</c> writes.</summary>
internal enum RemittanceFormat
{
    /// <summary>CSV, one row per line.</summary>
    Csv,

    /// <summary>An X12 835 (the expected remittance advice).</summary>
    X835,

    /// <summary>JSON lines, one claim a line.</summary>
    JsonLines,

    /// <summary>The 837P input written back with HCP repricing segments.</summary>
    X837,
}

/// <summary>
/// <c>medpayiq adjudicate</c>: the expected remittance of a claim file (837P, claim CSV or JSON lines), streaming: each
/// claim is checked against the NCCI edits in force, the lines they deny are adjusted in full, the others priced; out
/// as an 835, CSV or JSON lines; a summary on stdout.
/// </summary>
internal sealed partial class AdjudicateCommand : Command
{
    /// <summary>The words --format takes (any case); an empty one means CSV.</summary>
    private static readonly Dictionary<string, RemittanceFormat?> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["835"] = RemittanceFormat.X835, ["837"] = RemittanceFormat.X837, ["jsonl"] = RemittanceFormat.JsonLines, ["json"] = RemittanceFormat.JsonLines,
        ["csv"] = RemittanceFormat.Csv, ["txt"] = RemittanceFormat.Csv, [""] = RemittanceFormat.Csv,
    };

    private readonly Argument<FileInfo> _input = new("CLAIMS") { Description = "The claims: an 837P file (recognized by its ISA header), a claim CSV file (the reprice columns, claim_id required) or JSON lines (one claim object a line: claimId, zip or carrier and locality, pos, provider, participating, qp, deductibleRemaining, lines [{date, hcpcs, modifiers, units, pos, charge, minutes, baseUnits}])." };
    private readonly OutputOptions _output = OutputOptions.ToFile("The expected remittance: an 835 when the name ends in .835, JSON lines when it ends in .jsonl, the 837P with HCP repricing segments when it ends in .837, else CSV (or say --format).", required: true);
    private readonly Option<RemittanceFormat?> _format = new("--format") { HelpName = "format", Description = "835, csv, jsonl or 837 (an 837P input written back with HCP repricing segments; default: from the output's extension).", CustomParser = Parsers.OneOf("an output format", Formats, "835, csv or jsonl") };
    private readonly Option<bool> _noEdits = new("--no-edits") { Description = "Price without the NCCI edits." };
    private readonly Option<decimal?> _deductible = new("--deductible") { HelpName = "deductible", Description = "The Part B deductible still unmet, dollars, for every claim that does not say (default: met).", CustomParser = Parsers.Of<decimal?>(text => ClaimInput.Money(text)) };
    private readonly Option<FileInfo?> _baseUnits = new("--base-units") { Description = "Anesthesia base units by code (CMS's anesthesia base units, as CSV: hcpcs,base_units), for the anesthesia lines that do not give theirs: an 837P never does." };
    private readonly OutputOptions _summary = OutputOptions.JsonOr("Write the summary as JSON.");
    private readonly Option<bool> _failOnFindings = new("--fail-on-findings") { Description = "Exit 1 when a line is denied by an edit or cannot be priced (or any row read)." };
    private readonly BatchOptions _batch = new();
    private readonly NcciOptions _ncci = new();
    private readonly TextWriter _writer;
    private readonly TextWriter _error;

    public AdjudicateCommand(TextWriter output, TextWriter error)
        : base("adjudicate", "The expected remittance of a claim file, on every core: the NCCI edits in force (packaged tables, plus --ptp/--mue/--aoc), then Medicare's payment rules with sequestration for the dates of service; out as an X12 835, CSV or JSON lines; rows that cannot be read are written as Rejected with their reason (an 835 leaves their claims out and names them on stderr); a summary on stdout.")
    {
        _writer = output;
        _error = error;
        Parsers.MustExist(_input);
        Parsers.MustExist(_baseUnits);
        Arguments.Add(_input);
        _output.AddTo(this);
        foreach (var option in new Option[] { _format, _noEdits, _deductible, _baseUnits, _summary.Json!, _failOnFindings })
        {
            Options.Add(option);
        }

        _batch.AddTo(this);
        _ncci.AddTo(this);
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        var file = parse.GetValue(_input)!;
        var target = _output.GetFile(parse)!;
        var kind = parse.GetValue(_format) ?? Path.GetExtension(target.Name).TrimStart('.').ToLowerInvariant() switch
        {
            "835" => RemittanceFormat.X835,
            "837" => RemittanceFormat.X837,
            "jsonl" or "json" => RemittanceFormat.JsonLines,
            _ => RemittanceFormat.Csv,
        };
        decimal? unmet = parse.GetValue(_deductible);
        var calculator = ExactReleaseOption.Calculator(parse, DataOption.LoadCatalog(DataOption.GetValue(parse)));
        var checker = parse.GetValue(_noEdits) ? null : new NcciChecker(_ncci.GetValue(parse));
        var adjudicator = new ExpectedAdjudicator(calculator, checker);
        var units = parse.GetValue(_baseUnits) is { } table ? BaseUnits(table) : null;
        var options = new X12ReadOptions { DeductibleRemaining = unmet, AnesthesiaBaseUnits = units };
        var x12 = X12ClaimFile.Is(file) ? new X12ClaimFile(file, options) : null;
        if (kind == RemittanceFormat.X837 && x12 is null)
        {
            throw new UsageException("--format 837 writes an 837P back with HCP repricing segments: the claims must be an 837P.");
        }

        // An 835's claims are formatted by the workers (RemittanceWriter.Format): the writing (one thread at a time), whose control numbers
        // and counts are serial, holds their text until written, not the adjudicated claims, so batches are those of CSV.
        var settings = new RepriceSettings(_batch.Workers(parse), ClaimsPerBatch: 256, Strict: _batch.Strict(parse));
        var summary = Adjudicate(file, target, x12, adjudicator, settings, new AdjudicateOptions(kind, unmet, units), options, _error);
        if (_summary.IsJson(parse))
        {
            WriteJson(_writer, summary.ToJson(summary.Transactions ?? x12?.Transactions), CliJsonContext.Default.AdjudicateSummaryJson);
        }
        else
        {
            _writer.WriteLine(summary.ToString());
        }

        if (kind == RemittanceFormat.X837)
        {
            X12ClaimFile.ThrowIfNotAllRead(file.Name, summary.Transactions!);
        }
        else
        {
            x12?.ThrowIfNotAllRead();
        }

        return (parse.GetValue(_failOnFindings) && summary.DeniedLines + summary.UnpricedLines + summary.RejectedRows > 0) || (_batch.FailOnRejects(parse) && summary.RejectedRows > 0) ? Findings : Ok;
    }

    /// <summary>
    /// Adjudicates <paramref name="file"/> (an 837P when <paramref name="x12"/> reads it, JSON lines, or a claim CSV
    /// file) to <paramref name="target"/>, written under a temporary name and renamed into place when complete.
    /// </summary>
    internal static Summary Adjudicate(FileInfo file, FileInfo target, X12ClaimFile? x12, ExpectedAdjudicator adjudicator, RepriceSettings settings, AdjudicateOptions run, X12ReadOptions options, TextWriter error)
    {
        Summary summary;
        using (var output = new AtomicOutput(target))
        {
            using (var text = new StreamWriter(output.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
            {
                if (run.Kind == RemittanceFormat.X837)
                {
                    summary = Repriced(file, text, adjudicator, options, settings.Workers);
                }
                else
                {
                    var adjudicate = new AdjudicateRun(adjudicator, settings, run, error);
                    if (x12 is not null)
                    {
                        summary = adjudicate.X12(x12, file.Name, text);
                    }
                    else if (ClaimFileReader.IsJsonLines(file))
                    {
                        summary = adjudicate.JsonLines(file, text);
                    }
                    else
                    {
                        using var claims = ClaimFileReader.OpenCsvClaims(file);
                        summary = adjudicate.Csv(claims, text);
                    }
                }
            }

            output.Commit();
        }

        return summary;
    }

    /// <summary>A CSV file of anesthesia base units: <c>hcpcs,base_units</c> a line, a header line allowed.</summary>
    private static Dictionary<HcpcsCode, int> BaseUnits(FileInfo file)
    {
        var units = new Dictionary<HcpcsCode, int>();
        int number = 0;
        foreach (string row in File.ReadLines(file.FullName))
        {
            number++;
            var fields = row.Split(',');
            if (row.Trim().Length == 0 || (number == 1 && fields[0].Trim().Equals("hcpcs", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (fields.Length != 2 || !HcpcsCode.TryParse(fields[0].Trim(), out var code)
                || !int.TryParse(fields[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            {
                throw new UsageException($"{file.Name} line {number}: '{(row.Length > 40 ? row[..40] + "..." : row)}' is not a HCPCS code and a whole number of base units (00100,5).");
            }

            units[code] = value;
        }

        return units;
    }
}
