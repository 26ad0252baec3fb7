using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MedPayIQ.Cli.Options;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;
using MedPayIQ.X12;

namespace MedPayIQ.Cli;

/// <summary>
/// <c>medpayiq adjudicate</c>: the expected remittance of a claim file (837P, claim CSV or JSON lines), streaming: each
/// claim is checked against the NCCI edits in force, the lines they deny are adjusted in full, the others priced; out
/// as an 835, CSV or JSON lines; a summary on stdout.
/// </summary>
internal static class AdjudicateCommand
{
    /// <summary>The most claims of one 835 transaction set (claims of a payee in a row).</summary>
    internal const int ClaimsPerRemittance = 1_000;

    public static Command Create(TextWriter output)
    {
        var input = new Argument<FileInfo>("CLAIMS") { Description = "The claims: an 837P file (recognized by its ISA header), a claim CSV file (the reprice columns, claim_id required) or JSON lines (one claim object a line: claimId, zip or carrier and locality, pos, provider, participating, qp, deductibleRemaining, lines [{date, hcpcs, modifiers, units, pos, charge, minutes, baseUnits}])." };
        var outFile = new Option<FileInfo>("--output", "-o") { Description = "The expected remittance: an 835 when the name ends in .835, JSON lines when it ends in .jsonl, the 837P with HCP repricing segments when it ends in .837, else CSV (or say --format).", Required = true };
        var format = new Option<string?>("--format") { Description = "835, csv, jsonl or 837 (an 837P input written back with HCP repricing segments; default: from the output's extension)." };
        var deductible = new Option<string?>("--deductible") { Description = "The Part B deductible still unmet, dollars, for every claim that does not say (default: met)." };
        var baseUnits = new Option<FileInfo?>("--base-units") { Description = "Anesthesia base units by code (CMS's anesthesia base units, as CSV: hcpcs,base_units), for the anesthesia lines that do not give theirs: an 837P never does." };
        var noEdits = new Option<bool>("--no-edits") { Description = "Price without the NCCI edits." };
        var json = new Option<bool>("--json") { Description = "Write the summary as JSON." };
        var failOnFindings = new Option<bool>("--fail-on-findings") { Description = "Exit 1 when a line is denied by an edit or cannot be priced." };
        var ncci = new NcciOptions();
        var command = new Command("adjudicate", "The expected remittance of a claim file: the NCCI edits in force (packaged tables, plus --ptp/--mue/--aoc), then Medicare's payment rules with sequestration for the dates of service; out as an X12 835, CSV or JSON lines; a summary on stdout.")
        {
            input, outFile, format, noEdits, deductible, baseUnits, json, failOnFindings,
        };
        ncci.AddTo(command);
        command.SetAction(parse =>
        {
            var file = parse.GetValue(input)!;
            if (!file.Exists)
            {
                throw new UsageException($"the file '{file.FullName}' does not exist.");
            }

            var target = parse.GetValue(outFile)!;
            string kind = (parse.GetValue(format) ?? Path.GetExtension(target.Name).TrimStart('.')).ToLowerInvariant() switch
            {
                "835" => "835",
                "837" => "837",
                "jsonl" or "json" => "jsonl",
                "csv" or "" or "txt" => "csv",
                var other => parse.GetValue(format) is null ? "csv" : throw new UsageException($"'{other}' is not an output format: 835, csv or jsonl."),
            };
            decimal? unmet = parse.GetValue(deductible) is { } d ? ClaimInput.Money(d) : null;
            var calculator = new PaymentCalculator(DataOption.LoadCatalog(DataOption.GetValue(parse)));
            var checker = parse.GetValue(noEdits) ? null : new NcciChecker(ncci.GetValue(parse));
            var adjudicator = new ExpectedAdjudicator(calculator, checker);
            var units = parse.GetValue(baseUnits) is { } table ? BaseUnits(table) : null;
            var x12 = X12ClaimFile.Is(file) ? new X12ClaimFile(file, new X12ReadOptions { DeductibleRemaining = unmet, AnesthesiaBaseUnits = units }) : null;
            var claims = x12 is not null ? x12.Claims().Select(adjudicator.Adjudicate)
                : Path.GetExtension(file.Name).ToLowerInvariant() is ".jsonl" or ".json" ? JsonLinesClaims(file).Select(c => adjudicator.Adjudicate(c.Id, Adjust(c.Claim, unmet, units)))
                : CsvClaims(file).Select(c => adjudicator.Adjudicate(c.Id, Adjust(c.Claim, unmet, units)));
            if (kind == "837" && x12 is null)
            {
                throw new UsageException("--format 837 writes an 837P back with HCP repricing segments: the claims must be an 837P.");
            }

            var summary = kind == "837" ? Repriced(file, target, adjudicator, new X12ReadOptions { DeductibleRemaining = unmet, AnesthesiaBaseUnits = units }) : Run(claims, target, kind, file.Name);
            if (parse.GetValue(json))
            {
                summary.WriteJson(output, summary.Transactions ?? x12?.Transactions);
            }
            else
            {
                output.WriteLine(summary.ToString());
            }

            if (kind == "837")
            {
                X12ClaimFile.ThrowIfNotAllRead(file.Name, summary.Transactions!);
            }
            else
            {
                x12?.ThrowIfNotAllRead();
            }
            return parse.GetValue(failOnFindings) && summary.DeniedLines + summary.UnpricedLines > 0 ? Cli.Findings : Cli.Ok;
        });
        return command;
    }

    /// <summary>A claim of a claim file as Medicare pays it: sequestration for its dates, the deductible given (else met), the base units of its anesthesia lines.</summary>
    private static Claim Adjust(Claim claim, decimal? deductible, Dictionary<HcpcsCode, int>? baseUnits)
    {
        var lines = baseUnits is null ? claim.Lines
            : [.. claim.Lines.Select(l => l.AnesthesiaMinutes > 0 && l.AnesthesiaBaseUnits is null && baseUnits.TryGetValue(l.Hcpcs, out int b) ? l with { AnesthesiaBaseUnits = b } : l)];
        return claim with { Lines = lines, ApplySequestration = true, DeductibleRemaining = claim.DeductibleRemaining ?? deductible };
    }

    /// <summary>A CSV file of anesthesia base units: <c>hcpcs,base_units</c> a line, a header line allowed.</summary>
    private static Dictionary<HcpcsCode, int> BaseUnits(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new UsageException($"the file '{file.FullName}' does not exist.");
        }

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

    /// <summary>What an adjudicate run did.</summary>
    internal sealed class Summary
    {
        public long Claims, Lines, DeniedLines, UnpricedLines, DeniedClaims;
        public decimal Charge, Allowed, Payment, PatientResponsibility;
        public TimeSpan Elapsed;
        public IReadOnlyList<X12TransactionResult>? Transactions;

        public void Add(ExpectedClaim claim)
        {
            Claims++;
            DeniedClaims += claim.Status == ExpectedClaimStatus.Denied ? 1 : 0;
            Charge += claim.Charge;
            Allowed += claim.Allowed;
            Payment += claim.Payment;
            PatientResponsibility += claim.PatientResponsibility;
            foreach (var line in claim.Lines)
            {
                Lines++;
                DeniedLines += line.Denial is null ? 0 : 1;
                UnpricedLines += line.Price is { Outcome: not PriceOutcome.Priced } ? 1 : 0;
            }
        }

        public override string ToString()
            => string.Create(CultureInfo.InvariantCulture,
                $"medpayiq: {Claims:N0} claims ({DeniedClaims:N0} denied), {Lines:N0} lines; charge {Charge:N2}, allowed {Allowed:N2}, Medicare {Payment:N2}, patient {PatientResponsibility:N2}; {DeniedLines:N0} lines denied by NCCI edits, {UnpricedLines:N0} not priced; {Claims / Math.Max(Elapsed.TotalSeconds, 1e-9):N0} claims/s");

        public void WriteJson(TextWriter output, IReadOnlyList<X12TransactionResult>? transactions)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteNumber("claims", Claims);
                w.WriteNumber("deniedClaims", DeniedClaims);
                w.WriteNumber("lines", Lines);
                w.WriteNumber("deniedLines", DeniedLines);
                w.WriteNumber("unpricedLines", UnpricedLines);
                w.WriteNumber("charge", Charge);
                w.WriteNumber("allowed", Allowed);
                w.WriteNumber("medicarePayment", Payment);
                w.WriteNumber("patientResponsibility", PatientResponsibility);
                if (transactions is not null)
                {
                    w.WriteNumber("transactionsRead", transactions.Count(t => t.Read));
                    w.WriteStartArray("transactionsNotRead");
                    foreach (var t in transactions.Where(t => !t.Read))
                    {
                        w.WriteStartObject();
                        w.WriteString("interchange", t.Envelope.Interchange);
                        w.WriteString("transaction", t.Envelope.Transaction);
                        w.WriteString("error", t.Error!.ToString());
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                w.WriteNumber("seconds", Math.Round(Elapsed.TotalSeconds, 3));
                w.WriteEndObject();
            }

            output.WriteLine(Encoding.UTF8.GetString(ms.ToArray()));
        }
    }

    /// <summary>An 837P written back with HCP repricing segments (<see cref="RepricedClaimWriter"/>).</summary>
    private static Summary Repriced(FileInfo file, FileInfo target, ExpectedAdjudicator adjudicator, X12ReadOptions options)
    {
        var clock = Stopwatch.StartNew();
        var summary = new Summary();
        using var input = file.OpenText();
        using var output = new StreamWriter(target.FullName, append: false, new UTF8Encoding(false), 1 << 16);
        try
        {
            summary.Transactions = RepricedClaimWriter.Write(input, file.Name, output, claim =>
            {
                var expected = adjudicator.Adjudicate(claim);
                summary.Add(expected);
                return expected;
            }, options);
        }
        catch (X12FormatException ex)
        {
            throw new UsageException(ex.Message);
        }

        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    /// <summary>Adjudicates the claims and writes them, streaming (an 835 transaction holds at most <see cref="ClaimsPerRemittance"/> claims of one payee).</summary>
    internal static Summary Run(IEnumerable<ExpectedClaim> claims, FileInfo target, string kind, string source)
    {
        var clock = Stopwatch.StartNew();
        var summary = new Summary();
        using var output = new StreamWriter(target.FullName, append: false, new UTF8Encoding(false), 1 << 16);
        if (kind == "835")
        {
            var writer = new RemittanceWriter(output);
            string? open = null;
            int inTransaction = 0;
            foreach (var claim in claims)
            {
                summary.Add(claim);
                // One transaction per payee and 837P transaction (a claim file's claims: one payee), at most 1,000 claims.
                string key = claim.Source is { } s ? $"{s.Envelope}|{s.BillingProvider.Id}|{s.BillingProvider.Name}" : "";
                if (open is not null && (key != open || inTransaction == ClaimsPerRemittance))
                {
                    writer.EndTransaction();
                    open = null;
                }

                if (open is null)
                {
                    writer.BeginTransaction(claim.Source?.BillingProvider ?? new X12Party { Name = $"PAYEE OF {source}".ToUpperInvariant() });
                    (open, inTransaction) = (key, 0);
                }

                writer.Add(claim);
                inTransaction++;
            }

            if (open is not null)
            {
                writer.EndTransaction();
            }

            writer.Complete();
        }
        else if (kind == "jsonl")
        {
            using var buffer = new MemoryStream();
            using var json = new Utf8JsonWriter(buffer);
            foreach (var claim in claims)
            {
                summary.Add(claim);
                json.Reset();
                buffer.SetLength(0);
                WriteJson(json, claim);
                json.Flush();
                output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                output.Write('\n');
            }
        }
        else
        {
            output.Write("claim_id,line,date,hcpcs,modifiers,units,claim_status,charge,allowed,payment,patient_responsibility,adjustments,remarks,outcome,denial\r\n");
            foreach (var claim in claims)
            {
                summary.Add(claim);
                WriteCsv(output, claim);
            }
        }

        output.Flush();
        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    private static string Outcome(ExpectedLine line) => line.Denial is not null ? "Denied" : line.Price!.Value.Outcome.ToString();

    /// <summary>One row per line, written field by field (no string per row).</summary>
    private static void WriteCsv(TextWriter o, ExpectedClaim claim)
    {
        string id = Cli.Csv(claim.ClaimId);
        string status = claim.Status == ExpectedClaimStatus.Denied ? "Denied" : "Processed";
        foreach (var line in claim.Lines)
        {
            var l = line.Line;
            o.Write(id);
            o.Write(',');
            Write(o, line.LineNumber);
            o.Write(',');
            Write(o, l.DateOfService, "yyyy-MM-dd");
            o.Write(',');
            Write(o, l.Hcpcs);
            o.Write(',');
            o.Write(l.Modifiers.Count > 0 ? Cli.Csv(l.Modifiers.ToString()) : "");
            o.Write(',');
            Write(o, l.AnesthesiaMinutes > 0 ? l.AnesthesiaMinutes : l.Units);
            o.Write(',');
            o.Write(status);
            foreach (decimal amount in (ReadOnlySpan<decimal>)[line.Charge, line.Allowed, line.Payment, line.PatientResponsibility])
            {
                o.Write(',');
                Write(o, amount, "0.00");
            }

            o.Write(',');
            for (int i = 0; i < line.Adjustments.Length; i++)
            {
                var a = line.Adjustments[i];
                o.Write(i == 0 ? "" : " ");
                o.Write(a.Group);
                o.Write('-');
                o.Write(a.Reason);
                o.Write(':');
                Write(o, a.Amount, "0.00");
            }

            o.Write(',');
            string? last = null;
            foreach (var a in line.Adjustments)
            {
                if (a.Remark is { } remark && remark != last)
                {
                    o.Write(last is null ? "" : " ");
                    o.Write(remark);
                    last = remark;
                }
            }

            o.Write(',');
            o.Write(Outcome(line));
            o.Write(',');
            o.Write(Cli.Csv(line.Denial?.Edit ?? ""));
            o.Write("\r\n");
        }
    }

    /// <summary>A value written invariantly through a stack buffer (no string).</summary>
    private static void Write<T>(TextWriter o, T value, string? format = null)
        where T : ISpanFormattable
    {
        Span<char> buffer = stackalloc char[32];
        if (!value.TryFormat(buffer, out int n, format, CultureInfo.InvariantCulture))
        {
            o.Write(value.ToString(format, CultureInfo.InvariantCulture));
            return;
        }

        o.Write(buffer[..n]);
    }

    private static void WriteJson(Utf8JsonWriter w, ExpectedClaim claim)
    {
        w.WriteStartObject();
        w.WriteString("claimId", claim.ClaimId);
        w.WriteString("status", claim.Status.ToString());
        w.WriteNumber("charge", claim.Charge);
        w.WriteNumber("allowed", claim.Allowed);
        w.WriteNumber("payment", claim.Payment);
        w.WriteNumber("patientResponsibility", claim.PatientResponsibility);
        w.WriteStartArray("lines");
        foreach (var line in claim.Lines)
        {
            var l = line.Line;
            w.WriteStartObject();
            w.WriteNumber("line", line.LineNumber);
            w.WriteString("date", l.DateOfService.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("hcpcs", l.Hcpcs.ToString());
            w.WriteString("modifiers", l.Modifiers.ToString());
            w.WriteNumber("units", l.AnesthesiaMinutes > 0 ? l.AnesthesiaMinutes : l.Units);
            w.WriteString("outcome", Outcome(line));
            w.WriteNumber("charge", line.Charge);
            w.WriteNumber("allowed", line.Allowed);
            w.WriteNumber("payment", line.Payment);
            w.WriteNumber("patientResponsibility", line.PatientResponsibility);
            w.WriteStartArray("adjustments");
            foreach (var a in line.Adjustments)
            {
                w.WriteStartObject();
                w.WriteString("group", a.Group);
                w.WriteString("reason", a.Reason);
                w.WriteString("remark", a.Remark);
                w.WriteNumber("amount", a.Amount);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (line.Denial is { } denial)
            {
                w.WriteStartObject("denial");
                w.WriteString("kind", denial.Kind.ToString());
                w.WriteString("edit", denial.Edit);
                w.WriteString("code", denial.DenialCode);
                w.WriteString("reason", denial.Reason);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The claims of a claim CSV file, one at a time: consecutive rows of one claim_id (the reader of reprice and check).</summary>
    private static IEnumerable<(string Id, Claim Claim)> CsvClaims(FileInfo file)
    {
        using var claims = ClaimFileReader.OpenCsvClaims(file);
        foreach (var c in claims.Read())
        {
            yield return (c.Id, c.Claim);
        }
    }

    /// <summary>The claims of a JSON lines file: one claim object a line.</summary>
    private static IEnumerable<(string Id, Claim Claim)> JsonLinesClaims(FileInfo file)
    {
        using var text = file.OpenText();
        long number = 0;
        while (text.ReadLine() is { } row)
        {
            number++;
            if (row.AsSpan().Trim().IsEmpty)
            {
                continue;
            }

            yield return JsonClaim(row, $"{file.Name} line {number}");
        }
    }

    private static (string Id, Claim Claim) JsonClaim(string row, string where)
    {
        try
        {
            using var doc = JsonDocument.Parse(row);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("lines", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                throw new UsageException($"{where}: expected a claim object with a \"lines\" array.");
            }

            string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()) : "";
            T At<T>(string property, Func<T> parse)
            {
                try
                {
                    return parse();
                }
                catch (UsageException ex)
                {
                    throw new UsageException($"{where} {property}: {ex.Message}");
                }
            }

            string id = Text(root, "claimId");
            if (id.Length == 0)
            {
                throw new UsageException($"{where}: claimId is missing.");
            }

            string carrier = Text(root, "carrier"), locality = Text(root, "locality"), zip = Text(root, "zip"), pos = Text(root, "pos"), provider = Text(root, "provider");
            string par = Text(root, "participating"), qp = Text(root, "qp"), unmet = Text(root, "deductibleRemaining");
            var lines = new List<ClaimLine>();
            foreach (var item in array.EnumerateArray())
            {
                string line = $"lines[{lines.Count}]";
                if (item.ValueKind != JsonValueKind.Object || lines.Count == ClaimFileReader.MaxLinesPerClaim)
                {
                    throw new UsageException($"{where} {line}: expected an object with date and hcpcs (at most {ClaimFileReader.MaxLinesPerClaim} lines).");
                }

                string units = Text(item, "units"), linePos = Text(item, "pos"), charge = Text(item, "charge"), minutes = Text(item, "minutes"), baseUnits = Text(item, "baseUnits");
                var modifiers = item.TryGetProperty("modifiers", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().Select(x => x.GetString() ?? "").ToArray() : [Text(item, "modifiers")];
                lines.Add(new ClaimLine(At(line + ".date", () => ClaimInput.Date(Text(item, "date"))), At(line + ".hcpcs", () => ClaimInput.Code(Text(item, "hcpcs"))), At(line + ".modifiers", () => ClaimInput.Modifiers(modifiers)))
                {
                    Units = units.Length > 0 ? At(line + ".units", () => ClaimInput.Count(units, "units")) : 1,
                    PlaceOfService = linePos.Length > 0 ? At(line + ".pos", () => ClaimInput.Pos(linePos)) : null,
                    BilledCharge = charge.Length > 0 ? At(line + ".charge", () => ClaimInput.Money(charge)) : null,
                    AnesthesiaMinutes = minutes.Length > 0 ? At(line + ".minutes", () => ClaimInput.Count(minutes, "minutes")) : 0,
                    AnesthesiaBaseUnits = baseUnits.Length > 0 ? At(line + ".baseUnits", () => ClaimInput.Count(baseUnits, "base units")) : null,
                });
            }

            return (id, new Claim(lines)
            {
                Location = At("zip/carrier/locality", () => ClaimInput.Location(carrier.Length > 0 ? carrier : null, locality.Length > 0 ? locality : null, zip.Length > 0 ? zip : null, national: false)),
                PlaceOfService = pos.Length > 0 ? At("pos", () => ClaimInput.Pos(pos)) : null,
                Provider = At("provider", () => ClaimInput.Provider(provider.Length > 0 ? provider : null)),
                Participation = par is not ("false" or "N" or "n") ? Participation.Participating : Participation.NonParticipating,
                ApmStatus = qp is "true" or "Y" or "y" ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying,
                DeductibleRemaining = unmet.Length > 0 ? At("deductibleRemaining", () => ClaimInput.Money(unmet)) : null,
            });
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{where}: not valid JSON ({ex.Message.Split('.')[0]}).");
        }
    }
}
