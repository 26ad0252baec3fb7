using MedPayIQ.X12;

namespace MedPayIQ.X12.Tests;

/// <summary>The 837P written back with HCP repricing segments: a valid 837P again, its HCP amounts the adjudication's.</summary>
public class RepricedClaimTests
{
    private static readonly ExpectedAdjudicator Adjudicator = new(new PaymentCalculator(PackagedFeeSchedules.Catalog), new NcciChecker(PackagedNcci.Catalog));

    private static (string Text, IReadOnlyList<X12TransactionResult> Transactions) Reprice(string file)
    {
        using var input = File.OpenText(ReaderTests.PathOf(file));
        var output = new StringWriter();
        var transactions = RepricedClaimWriter.Write(input, file, output, Adjudicator.Adjudicate, repricerId: "REPRICER01");
        return (output.ToString(), transactions);
    }

    [Fact]
    public void Each_claim_and_line_gets_its_HCP_and_the_file_reads_again()
    {
        var (text, transactions) = Reprice("hillside-two-transactions.837");
        Assert.All(transactions, t => Assert.True(t.Read));
        var (original, _) = ReaderTests.Read("hillside-two-transactions.837");
        var (again, reader) = ReaderTests.ReadText(text, "repriced.837"); // SE, GE and IEA counts checked again
        Assert.Empty(reader.Errors);
        Assert.Equal(original.Select(c => (c.ClaimId, c.TotalCharge)), again.Select(c => (c.ClaimId, c.TotalCharge)));

        var expected = original.Select(Adjudicator.Adjudicate).ToList();
        var hcp = Parsed835.Of(text).All("HCP").ToList();
        var wanted = expected.SelectMany(c => new[] { (c.Status == ExpectedClaimStatus.Processed ? "02" : "00", c.Allowed, c.Charge - c.Allowed) }
            .Concat(c.Lines.Select(l => (l.Denial is null && l.Price is { Outcome: PriceOutcome.Priced } ? "02" : "00", l.Allowed, l.Charge - l.Allowed))));
        Assert.Equal(5 + 9, hcp.Count);
        Assert.Equal(wanted.Order(), hcp.Select(h => (h[1], Parsed835.Amount(h[2]), Parsed835.Amount(h[3]))).Order());
        Assert.All(hcp, h => Assert.Equal("REPRICER01", h[4]));
        var lines = text.Split('\n');
        int clm = Array.IndexOf(lines, "CLM*A-1001*300***11:B:1*Y*A*Y*Y~");
        Assert.StartsWith("HCP*02*", lines[clm + 3], StringComparison.Ordinal); // CLM, REF, HI, then HCP, before 2310B
        Assert.Equal("NM1*82*1*OKAFOR*CHIDI****XX*1245319599~", lines[clm + 4]);
        int line = Array.IndexOf(lines, "REF*6R*A1001-1~");
        Assert.StartsWith("HCP*02*", lines[line + 1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_transaction_not_read_is_left_out_and_the_counts_follow()
    {
        var (text, transactions) = Reprice("multi-interchange.837");
        Assert.Equal([true, true, false, true], transactions.Select(t => t.Read));
        var (claims, reader) = ReaderTests.ReadText(text, "repriced.837");
        Assert.Empty(reader.Errors);
        Assert.Equal(["0001", "0002", "0004"], reader.Transactions.Select(t => t.Envelope.Transaction));
        Assert.Contains("GE*1*21~", text, StringComparison.Ordinal);
        Assert.Equal(6, claims.Count);
    }

    [Theory]
    [InlineData("multi-interchange.837")]
    [InlineData("hillside-two-transactions.837")]
    [InlineData(null)]
    public void Claims_adjudicated_on_several_threads_give_the_same_837P_as_one_after_the_other(string? file)
    {
        // A generated 837P of three transactions of 300 claims: runs of 256 claims and a transaction's last, shorter run.
        string text = file is null ? Generated837.Text(3, 300, 2) : File.ReadAllText(ReaderTests.PathOf(file));
        int calls = 0;
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        ExpectedClaim Adjudicate(ProfessionalClaim c)
        {
            Interlocked.Increment(ref calls);
            threads[Environment.CurrentManagedThreadId] = true;
            return Adjudicator.Adjudicate(c);
        }

        var one = new StringWriter();
        var serial = RepricedClaimWriter.Write(new StringReader(text), "in.837", one, Adjudicator.Adjudicate, repricerId: "R1");
        var four = new StringWriter();
        var parallel = RepricedClaimWriter.Write(new StringReader(text), "in.837", four, Adjudicate, new RepricingOptions { RepricerId = "R1", MaxDegreeOfParallelism = 4 });
        Assert.Equal(one.ToString(), four.ToString());
        Assert.Equal(serial.Select(t => (t.Read, t.Error)), parallel.Select(t => (t.Read, t.Error)));
        Assert.Equal(ReaderTests.ReadText(text, "in.837").Claims.Count, calls);
        if (file is null)
        {
            Assert.True(threads.Count > 1, "the 900 claims were adjudicated on one thread");
        }
    }

    [Fact]
    public void A_degree_of_parallelism_below_one_is_refused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => RepricedClaimWriter.Write(new StringReader(""), "in.837", new StringWriter(), Adjudicator.Adjudicate, new RepricingOptions { MaxDegreeOfParallelism = 0 }));

    [Fact]
    public void The_worked_claim_of_the_page()
    {
        // docs/x12.md, "The repricing segment (HCP)".
        using var input = File.OpenText(ReaderTests.PathOf("worked-claim.837"));
        var output = new StringWriter();
        RepricedClaimWriter.Write(input, "worked-claim.837", output, Adjudicator.Adjudicate);
        var text = output.ToString();
        Assert.Contains("CLM*W-1*450***11:B:1*Y*A*Y*Y~\nHI*ABK:I10~\nHCP*02*141.03*308.97*MEDPAYIQ~\nNM1*82*1*OKAFOR*CHIDI****XX*1245319599~\n", text, StringComparison.Ordinal);
        Assert.Contains("REF*6R*W1-1~\nHCP*02*126.56*53.44*MEDPAYIQ~\n", text, StringComparison.Ordinal);
        Assert.Contains("REF*6R*W1-3~\nHCP*00*0*150*MEDPAYIQ~\nSE*36*0001~\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_delimiters_are_kept()
    {
        var (text, _) = Reprice("hillside-other-delimiters.837");
        Assert.Equal('|', text[3]);
        Assert.Contains("\nHCP|02|", text, StringComparison.Ordinal);
        var (claims, reader) = ReaderTests.ReadText(text);
        Assert.Empty(reader.Errors);
        Assert.Equal(5, claims.Count);
    }
}
