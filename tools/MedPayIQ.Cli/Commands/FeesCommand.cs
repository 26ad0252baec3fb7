using System.CommandLine;
using MedPayIQ.Cli.Options;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;
using static MedPayIQ.Cli.Cli;

namespace MedPayIQ.Cli.Commands;

/// <summary><c>medpayiq fees</c>: a locality's whole fee schedule, as CMS's payment amount (PFALL) files have it.</summary>
internal sealed class FeesCommand : Command
{
    private readonly ReleaseOptions _release = new("The release, such as RVU25A.", date: null, releaseRequired: true);
    private readonly LocationOptions _location = LocationOptions.CarrierAndLocality("MAC/carrier number, such as 01182.", "Locality number, such as 17.");
    private readonly Option<bool> _all = new("--all-localities") { Description = "Every carrier/locality CMS prices." };
    private readonly Option<bool> _qp = new("--qp")
    {
        Description = "The qualifying APM participant schedule (2026 on), as CMS's QP payment amount files have it: the release's QPP RVU file when loaded, else its RVUs with the QP conversion factor.",
    };
    private readonly OutputOptions _output = OutputOptions.FormatToFile("pfall (CMS's 16-field payment amount layout, byte for byte; the default) or csv.", "Write to this file instead of standard output.");

    private readonly Option<FileInfo?> _pcf = new("--pcf-flat-visit-fee")
    {
        Description = "Write the Primary Care First flat visit fee in field 12 (0 in field 13) of its codes, as CMS does, from this file: "
            + "'code,HCPCS' and 'amount,CARRIER,LOCALITY,DOLLARS' lines (docs/payment-amount-files.md). Localities it does not list are written as without it.",
    };

    private readonly TextWriter _writer;

    public FeesCommand(TextWriter output)
        : base("fees", "Write a locality's whole fee schedule, as CMS's payment amount (PFALL) files have it.")
    {
        _writer = output;
        _release.AddTo(this);
        _location.AddTo(this, validate: false);
        Options.Add(_all);
        Options.Add(_qp);
        _output.AddTo(this);
        Options.Add(_pcf);
        _pcf.Validators.Add(result =>
        {
            if (result.GetValue(_pcf) is { Exists: false } file)
            {
                Parsers.Reject(result, $"--pcf-flat-visit-fee: {file.FullName} does not exist.");
            }
        });
        Validators.Add(result =>
        {
            bool carrier = result.GetResult(_location.Carrier) is not null, locality = result.GetResult(_location.Locality) is not null;
            string? error = (result.GetValue(_all), carrier, locality) switch
            {
                (true, false, false) => null,
                (true, _, _) => "give --carrier and --locality, or --all-localities, not both.",
                (false, false, _) => "give --carrier and --locality (or --all-localities).",
                (false, true, false) => "give --locality with --carrier.",
                _ => null,
            };
            if (error is not null)
            {
                Parsers.Reject(result, error);
            }
        });
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        var (r, _) = _release.PickRelease(parse);
        if (parse.GetValue(_qp))
        {
            try
            {
                r = r.ForQualifyingApmParticipants();
            }
            catch (InvalidOperationException ex)
            {
                throw new UsageException($"--qp: {ex.Message}");
            }
        }

        PcfFlatVisitFee? flatVisitFee = null;
        if (parse.GetValue(_pcf) is { } pcfFile)
        {
            using var pcfReader = new StreamReader(pcfFile.FullName);
            flatVisitFee = PcfFlatVisitFee.Load(pcfReader, pcfFile.Name);
        }

        IEnumerable<PaymentAmountRow> rows;
        if (parse.GetValue(_all))
        {
            rows = PaymentAmountFile.Rows(r, flatVisitFee);
        }
        else
        {
            string carrier = parse.GetValue(_location.Carrier)!, locality = parse.GetValue(_location.Locality)!;
            if (!LocalityKey.TryCreate(carrier, locality, out var key))
            {
                throw new UsageException($"'{carrier}/{locality}' is not a carrier (up to 5 digits) and locality (up to 2 digits).");
            }

            if (!r.Localities.TryGet(key, out _))
            {
                throw new UsageException($"{r.Id} has no locality {key}.");
            }

            rows = PaymentAmountFile.Rows(r, key, flatVisitFee);
        }

        using var target = _output.OpenFile(parse);
        var writer = target ?? _writer;
        if (_output.GetFormat(parse) == FileFormat.Pfall)
        {
            PaymentAmountFile.Write(writer, rows);
        }
        else
        {
            writer.Write("year,carrier,locality,hcpcs,modifier,non_facility_amount,facility_amount,pctc,status,mult_surg,therapy_non_institutional,therapy_institutional,opps_indicator,opps_non_facility_amount,opps_facility_amount\r\n");
            foreach (var row in rows)
            {
                writer.Write(Invariant($"{row.Year},{row.Locality.CarrierText},{row.Locality.LocalityText},{row.Hcpcs},{row.Modifier},{row.NonFacilityAmount:0.00},{row.FacilityAmount:0.00},{(int)row.PcTc},{(char)row.Status},{(int)row.MultipleSurgery},{row.TherapyReductionNonInstitutional:0.00},{row.TherapyReductionInstitutional:0.00},{(row.OppsCapApplies ? 1 : 9)},{row.OppsNonFacilityAmount:0.00},{row.OppsFacilityAmount:0.00}\r\n"));
            }
        }

        return Ok;
    }
}
