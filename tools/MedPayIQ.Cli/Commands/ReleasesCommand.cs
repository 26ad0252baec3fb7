using System.CommandLine;
using MedPayIQ.Cli.Json;
using MedPayIQ.Cli.Options;
using static MedPayIQ.Cli.Cli;

namespace MedPayIQ.Cli.Commands;

/// <summary><c>medpayiq releases</c>: the releases loaded, their effective dates and provenance.</summary>
internal sealed class ReleasesCommand : Command
{
    private readonly OutputOptions _output = OutputOptions.JsonOr();
    private readonly TextWriter _writer;

    public ReleasesCommand(TextWriter output)
        : base("releases", "List the releases loaded, their effective dates and provenance.")
    {
        _writer = output;
        _output.AddTo(this);
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        var catalog = DataOption.LoadCatalog(DataOption.GetValue(parse));
        if (_output.IsJson(parse))
        {
            WriteJson(_writer, ReleaseJson.All(catalog), CliJsonContext.Default.ReleaseJsonArray);
            return Ok;
        }

        var o = _writer;
        foreach (var r in catalog.Releases)
        {
            o.WriteLine(Invariant($"{r.Id}  effective {r.EffectiveFrom:yyyy-MM-dd} through {r.NominalEffectiveThrough:yyyy-MM-dd}  CF {r.ConversionFactor}  {r.Rvus.Count:N0} RVU rows  {r.Localities.Count} localities"));
            o.WriteLine($"  from {r.Provenance.Origin}{(r.Provenance.ReleasedOn is { } d ? Invariant($", released {d:yyyy-MM-dd}") : "")}");
            foreach (var f in r.Provenance.Files)
            {
                o.WriteLine(Invariant($"  {f.Kind,-16} {f.Name,-34} {f.Length,10:N0} bytes  sha256 {f.Sha256}"));
            }

            if (r.QualifyingVariant is { } qp)
            {
                var f = qp.Provenance.Files[0];
                o.WriteLine(Invariant($"  qualifying APM participant schedule: {f.Kind} {f.Name} {f.Length:N0} bytes  CF {qp.ConversionFactor}  {qp.Rvus.Count:N0} RVU rows  sha256 {f.Sha256}"));
            }

            foreach (var n in r.Provenance.Notes)
            {
                o.WriteLine($"  note: {n}");
            }

            o.WriteLine();
        }

        // The other Part B schedules: CLFS, DMEPOS (and its rural ZIP code file), ASP.
        foreach (var (name, from, through, size, provenance) in catalog.ClinicalLabSchedules.Cast<MedPayIQ.Pricing.QuarterlySchedule>()
            .Concat(catalog.DmeposSchedules).Concat(catalog.DmeposNutritionSchedules).Concat(catalog.DmeposFormerCbaSchedules)
            .Concat(catalog.DmeposZipFiles).Concat(catalog.DrugPaymentLimits)
            .Select(s => (s.Name, s.EffectiveFrom, s.NominalEffectiveThrough, s.Summary, s.Provenance)))
        {
            o.WriteLine(Invariant($"{name}  effective {from:yyyy-MM-dd} through {through:yyyy-MM-dd}  {size}"));
            o.WriteLine($"  from {provenance.Origin}");
            foreach (var f in provenance.Files)
            {
                o.WriteLine(Invariant($"  {f.Kind,-16} {f.Name,-34} {f.Length,10:N0} bytes  sha256 {f.Sha256}"));
            }

            foreach (var n in provenance.Notes)
            {
                o.WriteLine($"  note: {n}");
            }

            o.WriteLine();
        }

        return Ok;
    }
}
