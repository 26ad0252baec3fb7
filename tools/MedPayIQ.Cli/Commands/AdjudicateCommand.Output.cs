using System.Diagnostics;
using System.Globalization;
using MedPayIQ.Cli.Json;
using MedPayIQ.Pricing;
using MedPayIQ.X12;
using static MedPayIQ.Cli.Cli;

namespace MedPayIQ.Cli.Commands;

/// <summary><c>adjudicate</c>'s output: the summary of a run, and the 835, CSV, JSON lines or repriced 837P it writes, streaming.</summary>
internal sealed partial class AdjudicateCommand
{
    /// <summary>The most claims of one 835 transaction set (claims of a payee in a row).</summary>
    internal const int ClaimsPerRemittance = 1_000;

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

        /// <summary>The summary as <c>--json</c> writes it; the transaction sets read and not read when the claims are an 837P.</summary>
        public AdjudicateSummaryJson ToJson(IReadOnlyList<X12TransactionResult>? transactions) => new(
            Claims,
            DeniedClaims,
            Lines,
            DeniedLines,
            UnpricedLines,
            Charge,
            Allowed,
            Payment,
            PatientResponsibility,
            transactions?.Count(t => t.Read),
            transactions is null ? null : [.. transactions.Where(t => !t.Read).Select(TransactionNotReadJson.Of)],
            Math.Round(Elapsed.TotalSeconds, 3));
    }

    /// <summary>An 837P written back with HCP repricing segments (<see cref="RepricedClaimWriter"/>).</summary>
    private static Summary Repriced(FileInfo file, TextWriter output, ExpectedAdjudicator adjudicator, X12ReadOptions options)
    {
        var clock = Stopwatch.StartNew();
        var summary = new Summary();
        using var input = file.OpenText();
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
    private static Summary WriteRemittance(IEnumerable<ExpectedClaim> claims, TextWriter output, RemittanceFormat kind, string source)
    {
        var clock = Stopwatch.StartNew();
        var summary = new Summary();
        if (kind == RemittanceFormat.X835)
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
        else if (kind == RemittanceFormat.JsonLines)
        {
            using var json = new JsonLineWriter(output);
            foreach (var claim in claims)
            {
                summary.Add(claim);
                json.Write(ExpectedClaimJson.Of(claim), CliJsonLinesContext.Default.ExpectedClaimJson);
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

    /// <summary>One row per line, written field by field (no string per row).</summary>
    private static void WriteCsv(TextWriter o, ExpectedClaim claim)
    {
        string id = Csv(claim.ClaimId);
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
            o.Write(l.Modifiers.Count > 0 ? Csv(l.Modifiers.ToString()) : "");
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
            o.Write(ExpectedLineJson.OutcomeOf(line));
            o.Write(',');
            o.Write(Csv(line.Denial?.Edit ?? ""));
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
}
