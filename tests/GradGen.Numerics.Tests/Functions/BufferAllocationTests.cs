using Xunit;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>
/// FPullback allocates nothing for the constructs lowered in the front end: LINQ queries with lambdas (loops), views (aliases
/// of the viewed arrays, and a view of data passed to a [Differentiable] method, whose unused derivative goes to a rented
/// scratch buffer), copies, fills and clears (loops), and reassigned or swapped buffers (element copies and swaps, the
/// buffers rented). Measured as the loop allocation tests measure, after a warm-up.
/// </summary>
public sealed class BufferAllocationTests
{
    private static long AllocatedBytes(Func<double> pullback)
    {
        double sink = 0;
        for (int i = 0; i < 200; i++) sink += pullback();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) sink += pullback();
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(double.IsFinite(sink));
        return after - before;
    }

    [Fact]
    public void PullbacksOfQueriesViewsCopiesAndReassignedBuffersAllocateNothing()
    {
        double[] z = [0.5, -1.0, 2.0, 0.3], zAdjoint = new double[4];
        double[] w = [0.5, -0.2, 0.3, 0.1, 0.6, -0.4], wAdjoint = new double[6];
        double[] inputs = [0.5, -1.0, 2.0, 1.5, 0.25, -0.7, 0.3, 1.1, -0.4], targets = [1.0, 0.5, -0.5, 0.25, 2.0, -1.0];
        double[] x = [0.5, -1.0, 2.0, 1.5, 0.25], xAdjoint = new double[5], data = [0.5, -1.5, 2.0, 0.75, -0.25];
        double[] rnn = [0.5, -0.3, 0.2, 0.4, -0.6, 0.1, 0.7, -0.5], rnnAdjoint = new double[8], sequence = [0.5, -1.0, 0.25, 1.5];
        var pullbacks = new (string Name, Func<double> Call)[]
        {
            ("LinqQueries.Moments", () => LinqQueries.MomentsPullback(z, 1.0, zAdjoint)),
            ("Views.Cosine", () => Views.CosinePullback(w, inputs, targets, 3, 2, 1.0, wAdjoint)),
            ("BufferOperations.Copies", () => BufferOperations.CopiesPullback(x, data, 1.0, xAdjoint)),
            ("BufferOperations.Fills", () => BufferOperations.FillsPullback(x, 1.0, xAdjoint)),
            ("BufferAssignments.Rnn", () => BufferAssignments.RnnPullback(rnn, sequence, 1.0, rnnAdjoint)),
            ("BufferAssignments.DoubleBuffer", () => BufferAssignments.DoubleBufferPullback(rnn, sequence, 1.0, rnnAdjoint)),
        };
        foreach ((string name, Func<double> call) in pullbacks)
        {
            // The fewest bytes of three runs: a pullback that allocates does so on every call (1,000 times per run), while the
            // runtime now and then allocates once on this thread while it recompiles a hot method (seen in Debug builds).
            long bytes = Enumerable.Range(0, 3).Min(_ => AllocatedBytes(call));
            Assert.True(bytes == 0, name + "Pullback allocates " + bytes + " bytes per 1,000 calls");
        }
    }
}
