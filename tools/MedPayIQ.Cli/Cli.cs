using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Cli;

/// <summary>
/// The medpayiq command line. Exit codes: 0 success, 1 unpriceable lines when --fail-on-findings asks, 2 bad usage or
/// bad input (one line on stderr naming the problem).
/// </summary>
internal static partial class Cli
{
    public const int Ok = 0;
    public const int Findings = 1;
    public const int BadInput = 2;

    internal static readonly Option<DirectoryInfo?> DataOption = new("--data")
    {
        Description = "Load CMS's own files from this folder (a release folder, or a folder of release folders) instead of the packaged data.",
        Recursive = true,
    };

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("medpayiq: Medicare Physician Fee Schedule prices and facts from CMS's own files (packaged: RVU25A, RVU25D, RVU26C).");
        root.Options.Add(DataOption);
        root.Subcommands.Add(ReleasesCommand(output));
        root.Subcommands.Add(RvuCommand(output));
        root.Subcommands.Add(FeesCommand(output));
        root.Subcommands.Add(PriceCommand(output));
        root.Subcommands.Add(RepriceCommand(output, error));
        root.Subcommands.Add(CheckCommand(output));
        root.Subcommands.Add(InsightsCommand(output));
        root.Subcommands.Add(DiffCommand(output));
        root.Subcommands.Add(NcciCommand(output));
        root.Subcommands.Add(AdjudicateCommand.Create(output));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            error.WriteLine($"medpayiq: {parse.Errors[0].Message} (see medpayiq --help)");
            return BadInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException ex)
        {
            error.WriteLine($"medpayiq: {ex.Message}");
            return BadInput;
        }
        catch (FeeScheduleFormatException ex)
        {
            error.WriteLine($"medpayiq: {ex.Message}");
            return BadInput;
        }
        catch (IOException ex)
        {
            error.WriteLine($"medpayiq: {ex.Message}");
            return BadInput;
        }
        catch (UnauthorizedAccessException ex)
        {
            // A path that cannot be opened: an output that is a folder, a file without permission.
            error.WriteLine($"medpayiq: {ex.Message}");
            return BadInput;
        }
        catch (Ncci.NcciFormatException ex)
        {
            error.WriteLine($"medpayiq: {ex.Message}");
            return BadInput;
        }
        catch (CsvHelper.CsvFormatException ex)
        {
            error.WriteLine($"medpayiq: line {ex.LineNumber}: {ex.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }
    }

    private static Command ReleasesCommand(TextWriter output)
    {
        var json = new Option<bool>("--json") { Description = "Write JSON." };
        var command = new Command("releases", "List the releases loaded, their effective dates and provenance.") { json };
        command.SetAction(parse =>
        {
            var catalog = LoadCatalog(parse.GetValue(DataOption));
            if (parse.GetValue(json))
            {
                WriteJson(output, w =>
                {
                    w.WriteStartArray();
                    foreach (var r in catalog.Releases)
                    {
                        WriteRelease(w, r);
                    }

                    w.WriteEndArray();
                });
                return Ok;
            }

            foreach (var r in catalog.Releases)
            {
                output.WriteLine(Invariant($"{r.Id}  effective {r.EffectiveFrom:yyyy-MM-dd} through {r.NominalEffectiveThrough:yyyy-MM-dd}  CF {r.ConversionFactor}  {r.Rvus.Count:N0} RVU rows  {r.Localities.Count} localities"));
                output.WriteLine($"  from {r.Provenance.Origin}{(r.Provenance.ReleasedOn is { } d ? Invariant($", released {d:yyyy-MM-dd}") : "")}");
                foreach (var f in r.Provenance.Files)
                {
                    output.WriteLine(Invariant($"  {f.Kind,-16} {f.Name,-34} {f.Length,10:N0} bytes  sha256 {f.Sha256}"));
                }

                foreach (var n in r.Provenance.Notes)
                {
                    output.WriteLine($"  note: {n}");
                }

                output.WriteLine();
            }

            return Ok;
        });
        return command;
    }

    private static Command RvuCommand(TextWriter output)
    {
        var hcpcs = new Argument<string>("HCPCS") { Description = "The HCPCS code, such as 77321." };
        var modifier = new Option<string?>("--modifier", "-m") { Description = "Only the row of this modifier (26, TC, 53); blank for every row of the code." };
        var release = new Option<string?>("--release") { Description = "The release, such as RVU25A." };
        var date = new Option<string?>("--date") { Description = "Date of service (yyyy-mm-dd): the release in force that day." };
        var json = new Option<bool>("--json") { Description = "Write JSON." };
        var command = new Command("rvu", "Show a code's RVU rows, indicators and conversion factor from a release, with its provenance.") { hcpcs, modifier, release, date, json };
        command.SetAction(parse =>
        {
            string text = parse.GetValue(hcpcs)!;
            if (!HcpcsCode.TryParse(text, out var code))
            {
                throw new UsageException($"'{text}' is not a HCPCS code: five letters or digits, such as 77321 or G0121.");
            }

            Modifier? only = null;
            if (parse.GetValue(modifier) is { } m)
            {
                only = Modifier.TryParse(m, out var parsed) ? parsed : throw new UsageException($"'{m}' is not a modifier: two letters or digits, such as 26 or TC.");
            }

            var (r, why) = PickRelease(parse.GetValue(DataOption), parse.GetValue(release), parse.GetValue(date));
            var rows = r.Rvus.GetRows(code).ToArray().Where(e => only is null || e.Modifier == only).ToArray();
            if (parse.GetValue(json))
            {
                WriteJson(output, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("hcpcs", code.ToString());
                    w.WritePropertyName("release");
                    WriteRelease(w, r);
                    w.WriteString("releaseChoice", why);
                    w.WriteStartArray("rows");
                    foreach (var e in rows)
                    {
                        WriteRow(w, r, e);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return rows.Length == 0 ? BadInput : Ok;
            }

            if (rows.Length == 0)
            {
                throw new UsageException($"{r.Id} has no row for {code}{(only is { } o && o.IsSome ? "-" + o : "")}.");
            }

            var description = rows.Select(e => r.Rvus.GetDescription(e)).FirstOrDefault(d => d is not null);
            output.WriteLine($"{code}  {description ?? (code.IsLevelII && !code.IsDental ? "" : "(CPT/CDT descriptor not packaged: AMA/ADA copyright)")}");
            output.WriteLine(Invariant($"{r.Id}: {why}"));
            output.WriteLine(Invariant($"Conversion factor {r.ConversionFactor} $/RVU; RVU file {r.Provenance.Files[0].Name}, sha256 {r.RvuFileSha256}"));
            output.WriteLine();
            output.WriteLine("Mod Status  Work  PE nonfac   PE fac     MP  Total nf Total fac PC/TC Global  Mult Bilat Asst Co Team  OPPS cap RVUs");
            foreach (var e in rows)
            {
                output.WriteLine(Invariant(
                    $"{e.Modifier,-3} {(char)e.Status,-6} {e.WorkRvu,5:0.00} {e.NonFacilityPracticeExpenseRvu,7:0.00}{(e.NonFacilityNotApplicable ? "NA" : "  ")} {e.FacilityPracticeExpenseRvu,6:0.00}{(e.FacilityNotApplicable ? "NA" : "  ")} {e.MalpracticeRvu,5:0.00} {e.NonFacilityTotalRvu,9:0.00} {e.FacilityTotalRvu,9:0.00} {(int)e.PcTc,5} {Global(e.GlobalPeriod),-6} {(int)e.MultipleProcedure,5} {(int)e.BilateralSurgery,5} {(int)e.AssistantAtSurgery,4} {(int)e.CoSurgeons,2} {(int)e.TeamSurgery,4}  {(e.HasOppsRvus ? $"{e.OppsNonFacilityPracticeExpenseRvu:0.00}/{e.OppsFacilityPracticeExpenseRvu:0.00}/{e.OppsMalpracticeRvu:0.00}" : "none")}"));
            }

            return Ok;
        });
        return command;
    }

    private static Command FeesCommand(TextWriter output)
    {
        var release = new Option<string>("--release") { Description = "The release, such as RVU25A.", Required = true };
        var carrier = new Option<string?>("--carrier") { Description = "MAC/carrier number, such as 01182." };
        var locality = new Option<string?>("--locality") { Description = "Locality number, such as 17." };
        var all = new Option<bool>("--all-localities") { Description = "Every carrier/locality CMS prices." };
        var format = new Option<string>("--format") { Description = "pfall (CMS's 16-field payment amount layout, byte for byte) or csv.", DefaultValueFactory = _ => "pfall" };
        var outFile = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var pcf = new Option<FileInfo?>("--pcf-flat-visit-fee")
        {
            Description = "Write the Primary Care First flat visit fee in field 12 (0 in field 13) of its codes, as CMS does, from this file: "
                + "'code,HCPCS' and 'amount,CARRIER,LOCALITY,DOLLARS' lines (docs/payment-amount-files.md). Localities it does not list are written as without it.",
        };
        var command = new Command("fees", "Write a locality's whole fee schedule, as CMS's payment amount (PFALL) files have it.") { release, carrier, locality, all, format, outFile, pcf };
        command.SetAction(parse =>
        {
            var (r, _) = PickRelease(parse.GetValue(DataOption), parse.GetValue(release), null);
            string fmt = parse.GetValue(format)!.ToLowerInvariant();
            if (fmt is not ("pfall" or "csv"))
            {
                throw new UsageException($"'{fmt}' is not a format: pfall or csv.");
            }

            PcfFlatVisitFee? flatVisitFee = null;
            if (parse.GetValue(pcf) is { } pcfFile)
            {
                if (!pcfFile.Exists)
                {
                    throw new UsageException($"--pcf-flat-visit-fee: {pcfFile.FullName} does not exist.");
                }

                using var pcfReader = new StreamReader(pcfFile.FullName);
                flatVisitFee = PcfFlatVisitFee.Load(pcfReader, pcfFile.Name);
            }

            IEnumerable<PaymentAmountRow> rows;
            if (parse.GetValue(all))
            {
                if (parse.GetValue(carrier) is not null || parse.GetValue(locality) is not null)
                {
                    throw new UsageException("give --carrier and --locality, or --all-localities, not both.");
                }

                rows = PaymentAmountFile.Rows(r, flatVisitFee);
            }
            else
            {
                string c = parse.GetValue(carrier) ?? throw new UsageException("give --carrier and --locality (or --all-localities).");
                string l = parse.GetValue(locality) ?? throw new UsageException("give --locality with --carrier.");
                if (!LocalityKey.TryCreate(c, l, out var key))
                {
                    throw new UsageException($"'{c}/{l}' is not a carrier (up to 5 digits) and locality (up to 2 digits).");
                }

                if (!r.Localities.TryGet(key, out _))
                {
                    throw new UsageException($"{r.Id} has no locality {key}.");
                }

                rows = PaymentAmountFile.Rows(r, key, flatVisitFee);
            }

            using var target = parse.GetValue(outFile) is { } file ? new StreamWriter(file.FullName, append: false, new UTF8Encoding(false)) : null;
            var writer = target ?? output;
            if (fmt == "pfall")
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
        });
        return command;
    }

    private static (FeeScheduleRelease Release, string Why) PickRelease(DirectoryInfo? data, string? releaseId, string? date)
    {
        if (releaseId is not null && date is not null)
        {
            throw new UsageException("give --release or --date, not both.");
        }

        if (releaseId is not null)
        {
            if (!ReleaseId.TryParse(releaseId, out var id))
            {
                throw new UsageException($"'{releaseId}' is not a release id such as RVU25D.");
            }

            if (data is null && PackagedFeeSchedules.ReleaseIds.Contains(id))
            {
                var packaged = PackagedFeeSchedules.Get(id);
                return (packaged, "the release asked for");
            }

            var catalog = LoadCatalog(data);
            return catalog.TryGetRelease(id, out var r)
                ? (r, "the release asked for")
                : throw new UsageException($"release {releaseId} is not loaded; loaded: {string.Join(", ", catalog.Releases.Select(x => x.Id))}.");
        }

        var all = LoadCatalog(data);
        if (date is not null)
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dos))
            {
                throw new UsageException($"'{date}' is not a date written yyyy-mm-dd.");
            }

            var resolved = all.Resolve(dos);
            return resolved.Release is { } r ? (r, resolved.Reason) : throw new UsageException(resolved.Reason);
        }

        var latest = all.Releases.Length > 0 ? all.Releases[^1] : throw new UsageException("no release is loaded.");
        return (latest, "the latest release loaded (give --release or --date to choose)");
    }

    internal static FeeScheduleCatalog LoadCatalog(DirectoryInfo? data)
    {
        if (data is null)
        {
            return PackagedFeeSchedules.Catalog;
        }

        if (!data.Exists)
        {
            throw new UsageException($"the folder '{data.FullName}' does not exist.");
        }

        // A release folder itself, or a folder of release folders and zips (RVU25A/, RVU25D.zip, ...), found as the hosting package finds them.
        var found = ReleaseFolder.Find(data.FullName);
        if (found.Length == 0)
        {
            throw new UsageException($"no PPRRVU file in '{data.FullName}' or its folders, and no release zip (RVU25D.zip) in it.");
        }

        return FeeScheduleCatalog.Create(found.Select(r => r.Load()));
    }

    private static string Global(GlobalPeriod g) => IndicatorCodes.GlobalDays(g);

    private static void WriteRelease(Utf8JsonWriter w, FeeScheduleRelease r)
    {
        w.WriteStartObject();
        w.WriteString("id", r.Id.ToString());
        w.WriteString("effectiveFrom", r.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("effectiveThrough", r.NominalEffectiveThrough.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteNumber("conversionFactor", r.ConversionFactor);
        w.WriteNumber("rvuRows", r.Rvus.Count);
        w.WriteString("origin", r.Provenance.Origin);
        if (r.Provenance.ReleasedOn is { } d)
        {
            w.WriteString("releasedOn", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        w.WriteStartArray("files");
        foreach (var f in r.Provenance.Files)
        {
            w.WriteStartObject();
            w.WriteString("kind", f.Kind.ToString());
            w.WriteString("name", f.Name);
            w.WriteNumber("length", f.Length);
            w.WriteString("sha256", f.Sha256);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("notes");
        foreach (var n in r.Provenance.Notes)
        {
            w.WriteStringValue(n);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter w, FeeScheduleRelease r, RvuEntry e)
    {
        w.WriteStartObject();
        w.WriteString("modifier", e.Modifier.ToString());
        w.WriteString("description", r.Rvus.GetDescription(e));
        w.WriteString("status", ((char)e.Status).ToString());
        w.WriteNumber("workRvu", e.WorkRvu);
        w.WriteNumber("nonFacilityPeRvu", e.NonFacilityPracticeExpenseRvu);
        w.WriteBoolean("nonFacilityNotApplicable", e.NonFacilityNotApplicable);
        w.WriteNumber("facilityPeRvu", e.FacilityPracticeExpenseRvu);
        w.WriteBoolean("facilityNotApplicable", e.FacilityNotApplicable);
        w.WriteNumber("malpracticeRvu", e.MalpracticeRvu);
        w.WriteNumber("nonFacilityTotalRvu", e.NonFacilityTotalRvu);
        w.WriteNumber("facilityTotalRvu", e.FacilityTotalRvu);
        w.WriteNumber("pcTc", (int)e.PcTc);
        w.WriteString("globalDays", Global(e.GlobalPeriod));
        w.WriteNumber("preOpShare", e.PreOperativeShare);
        w.WriteNumber("intraOpShare", e.IntraOperativeShare);
        w.WriteNumber("postOpShare", e.PostOperativeShare);
        w.WriteNumber("multipleProcedure", (int)e.MultipleProcedure);
        w.WriteNumber("bilateralSurgery", (int)e.BilateralSurgery);
        w.WriteNumber("assistantAtSurgery", (int)e.AssistantAtSurgery);
        w.WriteNumber("coSurgeons", (int)e.CoSurgeons);
        w.WriteNumber("teamSurgery", (int)e.TeamSurgery);
        w.WriteString("endoscopicBaseCode", e.EndoscopicBaseCode.ToString());
        w.WriteNumber("conversionFactor", e.ConversionFactor);
        w.WriteNumber("physicianSupervision", (int)e.PhysicianSupervision);
        w.WriteNumber("diagnosticImagingFamily", (int)e.DiagnosticImagingFamily);
        w.WriteNumber("oppsNonFacilityPeRvu", e.OppsNonFacilityPracticeExpenseRvu);
        w.WriteNumber("oppsFacilityPeRvu", e.OppsFacilityPracticeExpenseRvu);
        w.WriteNumber("oppsMalpracticeRvu", e.OppsMalpracticeRvu);
        w.WriteEndObject();
    }

    private static void WriteJson(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            write(w);
        }

        output.WriteLine(Encoding.UTF8.GetString(ms.ToArray()));
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}

/// <summary>A usage or input problem: reported on one line, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
