using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MedPayIQ.Cli.Json;
using MedPayIQ.Cli.Options;
using MedPayIQ.Insights;
using MedPayIQ.Pricing;
using static MedPayIQ.Cli.Cli;

namespace MedPayIQ.Cli.Commands;

/// <summary><c>medpayiq diff</c>: what changed between two releases or two dates of service.</summary>
internal sealed class DiffCommand : Command
{
    private readonly Argument<ReleaseOrDate> _from = new("FROM") { Description = "The earlier release (RVU25D) or date of service (yyyy-mm-dd).", CustomParser = Parsers.Of(ReleaseOrDate.Parse) };
    private readonly Argument<ReleaseOrDate> _to = new("TO") { Description = "The later release (RVU26C) or date of service (yyyy-mm-dd).", CustomParser = Parsers.Of(ReleaseOrDate.Parse) };

    private readonly Option<CodeRange?> _codes = new("--codes")
    {
        Description = "A code (77321) or a range (77261-77799); default every code.",
        CustomParser = Parsers.Of<CodeRange?>(text => CodeRange.TryParse(text, out var range) ? range : throw new UsageException($"'{text}' is not a code or a range of codes such as 77261-77799.")),
    };

    private readonly LocationOptions _location = LocationOptions.CarrierAndLocality("Also compare this locality's amounts (with --locality).", "Locality number (with --carrier).");
    private readonly Option<bool> _allLocalities = new("--all-localities") { Description = "Compare the amounts of every locality (slower)." };
    private readonly Option<bool> _noAmounts = new("--no-amounts") { Description = "Compare fields only." };
    private readonly Option<bool> _qp = new("--qp") { Description = "Qualifying APM participant (2026 conversion factor)." };
    private readonly NcciOptions _ncci = new();
    private readonly OutputOptions _output = OutputOptions.JsonOr();
    private readonly TextWriter _writer;

    public DiffCommand(TextWriter output)
        : base("diff", "What changed between two releases or two dates of service: rows added and deleted, RVU, indicator and status changes, amounts per locality and setting, NCCI edits.")
    {
        _writer = output;
        Arguments.Add(_from);
        Arguments.Add(_to);
        Options.Add(_codes);
        _location.AddTo(this);
        Options.Add(_allLocalities);
        Options.Add(_noAmounts);
        Options.Add(_qp);
        _ncci.AddTo(this);
        _output.AddTo(this);
        Validators.Add(result =>
        {
            // From the words given (a value that is neither a release nor a date has its own error).
            static bool IsRelease(ArgumentResult? side) => side is { Tokens: [.., var token] } && ReleaseId.TryParse(token.Value, out _);
            if (IsRelease(result.GetResult(_from)) != IsRelease(result.GetResult(_to)))
            {
                Parsers.Reject(result, "give two releases (RVU25D RVU26C) or two dates (2025-12-31 2026-07-01), not one of each.");
            }
        });
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        var options = new ReleaseDiffOptions
        {
            Codes = parse.GetValue(_codes),
            Localities = _location.LocalityGiven(parse) is { } key ? [key] : [],
            AllLocalities = parse.GetValue(_allLocalities),
            IncludeAmounts = !parse.GetValue(_noAmounts),
            ApmStatus = parse.GetValue(_qp) ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying,
            ReleaseSelection = ExactReleaseOption.GetValue(parse),
        };
        var catalog = DataOption.LoadCatalog(DataOption.GetValue(parse));
        var diff = new ReleaseDiff(catalog, _ncci.GetValue(parse));
        var (from, to) = (parse.GetValue(_from), parse.GetValue(_to));
        ReleaseComparison result;
        if (from.Release is { } ra && to.Release is { } rb)
        {
            foreach (var id in new[] { ra, rb })
            {
                if (!catalog.TryGetRelease(id, out _))
                {
                    throw new UsageException($"release {id} is not loaded; loaded: {string.Join(", ", catalog.ReleaseIds)}.");
                }
            }

            result = diff.CompareReleases(ra, rb, options);
        }
        else
        {
            var (da, db) = (from.Date, to.Date);
            foreach (var d in new[] { da, db })
            {
                if (catalog.Resolve(d, options.ReleaseSelection) is { Release: null } unresolved)
                {
                    throw new UsageException(unresolved.Reason);
                }
            }

            result = diff.Compare(da, db, options);
        }

        if (_output.IsJson(parse))
        {
            WriteJson(_writer, DiffJson.Of(result), CliJsonContext.Default.DiffJson);
        }
        else
        {
            WriteDiffText(_writer, result);
            WritePartBText(_writer, result);
        }

        return Ok;
    }

    /// <summary>The other Part B schedules of the two dates, where both have a file of the kind and the files differ: lab rates, DMEPOS and PEN amounts, ASP limits.</summary>
    private static void WritePartBText(TextWriter o, ReleaseComparison diff)
    {
        if (diff.ClinicalLab is { Changes.Length: > 0 } lab)
        {
            var changes = lab.Changes;
            o.WriteLine();
            o.WriteLine(Invariant($"{lab.From.Name} -> {lab.To.Name}: {changes.Count(c => c.From is null)} lab rates added, {changes.Count(c => c.To is null)} deleted, {changes.Count(c => c.From is not null && c.To is not null)} changed"));
            foreach (var c in changes)
            {
                static string Show(ClinicalLabRate? r) => r is { } x ? Invariant($"{x.Rate:0.00} ({(char)x.Indicator})") : "-";
                decimal? delta = c.From is { } f && c.To is { } t ? t.Rate - f.Rate : null;
                o.WriteLine(Invariant($"  {c.Hcpcs}{(c.Modifier.IsSome ? "-" + c.Modifier : "")}  {Show(c.From)} -> {Show(c.To)}{(delta is { } d ? $" ({d:+0.00;-0.00;0.00})" : "")}"));
            }
        }

        foreach (var dme in new[] { diff.Dmepos, diff.DmeposNutrition })
        {
            if (dme is not { Rows.Length: > 0 })
            {
                continue;
            }

            o.WriteLine();
            o.WriteLine(Invariant($"{dme.From.Name} -> {dme.To.Name}: {dme.Rows.Count(r => r.Kind == ChangeKind.Added)} rows added, {dme.Rows.Count(r => r.Kind == ChangeKind.Deleted)} deleted, {dme.Rows.Count(r => r.Kind == ChangeKind.Changed)} with amounts changed"));
            foreach (var row in dme.Rows)
            {
                string key = $"{row.Hcpcs}{(row.Modifier.IsSome ? "-" + row.Modifier : "")}{(row.Modifier2.IsSome ? "-" + row.Modifier2 : "")}";
                o.WriteLine(Invariant($"  {key}  {row.Kind.ToString().ToLowerInvariant()}{(row.States.IsEmpty ? "" : $" in {row.States.Length} states")}"));
                foreach (var state in row.States)
                {
                    o.WriteLine($"    {state}");
                }
            }
        }

        if (diff.Drugs is { Changes.Length: > 0 } drugs)
        {
            o.WriteLine();
            o.WriteLine(Invariant($"{drugs.From.Name} -> {drugs.To.Name}: {drugs.Changes.Count(c => c.Kind == ChangeKind.Added)} drugs added, {drugs.Changes.Count(c => c.Kind == ChangeKind.Deleted)} deleted, {drugs.Changes.Count(c => c.Kind == ChangeKind.Changed)} changed"));
            foreach (var c in drugs.Changes)
            {
                static string Show(DrugPaymentLimit? l) => l is { } x ? Invariant($"{x.PaymentLimit?.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) ?? "N/A"} per {x.Dosage}, coinsurance {x.CoinsurancePercent:0.###} %") : "-";
                o.WriteLine(Invariant($"  {c.Hcpcs}  {Show(c.From)} -> {Show(c.To)}{(c.Difference is { } d ? $" ({d:+0.000;-0.000;0.000})" : "")}"));
            }
        }
    }

    /// <summary>A side of the comparison: a release (on its first day) or a date of service.</summary>
    private readonly record struct ReleaseOrDate(ReleaseId? Release, DateOnly Date)
    {
        public static ReleaseOrDate Parse(string text)
            => ReleaseId.TryParse(text, out var id) ? new(id, default)
            : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? new(null, date)
            : throw new UsageException($"'{text}' is not a release (RVU26C) or a date of service (yyyy-mm-dd).");
    }

    private static void WriteDiffText(TextWriter o, ReleaseComparison diff)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(inv, $"{diff.From.Id} on {diff.FromDate:yyyy-MM-dd} -> {diff.To.Id} on {diff.ToDate:yyyy-MM-dd}: {diff.OfKind(ChangeKind.Added).Count()} rows added, {diff.OfKind(ChangeKind.Deleted).Count()} deleted, {diff.OfKind(ChangeKind.Changed).Count()} changed; {diff.NcciEdits.Length} NCCI edit changes"));
        foreach (var n in diff.Notes)
        {
            o.WriteLine($"note: {n}");
        }

        foreach (var row in diff.Rows)
        {
            o.WriteLine();
            o.WriteLine($"{row.Hcpcs}{(row.Modifier.IsSome ? "-" + row.Modifier : "")}  {row.Kind.ToString().ToLowerInvariant()}");
            // An added or deleted row has every field on one side: show its status and RVUs, not all 24 columns.
            foreach (var f in row.Kind == ChangeKind.Changed ? row.Fields : row.Fields.Where(f => f.Field is "STATUS CODE" or "WORK RVU" or "NON-FAC PE RVU" or "FACILITY PE RVU" or "MP RVU" or "PCTC IND" or "GLOB DAYS"))
            {
                o.WriteLine($"  {f.Field}: {(f.From.Length == 0 ? "(blank)" : f.From)} -> {(f.To.Length == 0 ? "(blank)" : f.To)}");
            }

            foreach (var a in row.Amounts)
            {
                o.WriteLine(string.Create(inv, $"  amount {a}{(a.Difference is { } d ? $" ({d:+0.00;-0.00;0.00})" : "")}"));
            }
        }

        if (diff.NcciEdits.Length > 0)
        {
            o.WriteLine();
            foreach (var e in diff.NcciEdits)
            {
                o.WriteLine($"{e.Table} {e.Kind.ToString().ToLowerInvariant()} {e.Key}: {e.From ?? "-"} -> {e.To ?? "-"}");
            }
        }
    }
}
