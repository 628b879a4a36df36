namespace GradGen.Tests.Runtime;

/// <summary>The runtime tape that generated pullbacks keep values on: last in, first out, pooled storage.</summary>
public class TapeTests
{
    [Fact]
    public void PopsReturnPushesInReverseAcrossGrowth()
    {
        Tape<double> tape = default;
        for (int i = 0; i < 1000; i++)
        {
            tape.Push(i * 0.5);
        }

        Assert.Equal(1000, tape.Count);
        for (int i = 999; i >= 0; i--)
        {
            Assert.Equal(i * 0.5, tape.Pop());
        }

        Assert.Equal(0, tape.Count);
        tape.Dispose();
    }

    [Fact]
    public void ReserveKeepsTheValuesAlreadyPushed()
    {
        Tape<int> tape = default;
        for (int i = 0; i < 10; i++)
        {
            tape.Push(i);
        }

        tape.Reserve(5000);
        Assert.Equal(10, tape.Count);
        for (int i = 10; i < 5010; i++)
        {
            tape.Push(i);
        }

        for (int i = 5009; i >= 0; i--)
        {
            Assert.Equal(i, tape.Pop());
        }

        tape.Dispose();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void ReserveOfNothingDoesNothing(int count)
    {
        Tape<double> tape = default;
        tape.Reserve(count);
        Assert.Equal(0, tape.Count);
        Assert.Throws<InvalidOperationException>(() =>
        {
            Tape<double> empty = tape;
            return empty.Pop();
        });
        tape.Dispose();
    }

    [Fact]
    public void AHugeReserveIsCappedAndPushesStillGrow()
    {
        // A trip count computed from a wrapped-around int must not ask the pool for gigabytes.
        Tape<long> tape = default;
        tape.Reserve(int.MaxValue);
        for (long i = 0; i < Tape<long>.MaxReserve + 10; i++)
        {
            tape.Push(i);
        }

        Assert.Equal(Tape<long>.MaxReserve + 10, tape.Count);
        Assert.Equal(Tape<long>.MaxReserve + 9, tape.Pop());
        tape.Dispose();
    }

    [Fact]
    public void ATapeIsEmptyAndReusableAfterDispose()
    {
        Tape<float> tape = default;
        tape.Push(1f);
        tape.Dispose();
        Assert.Equal(0, tape.Count);
        tape.Reserve(3);
        tape.Push(2f);
        Assert.Equal(2f, tape.Pop());
        tape.Dispose();
    }

    [Fact]
    public void PoppingAnEmptyTapeSaysWhatWentWrong()
    {
        Tape<double> tape = default;
        var error = Assert.Throws<InvalidOperationException>(() => tape.Pop());
        Assert.Contains("tape is empty", error.Message);
    }

    [Fact]
    public void ReservingAndPushingAllocateNothingOnceThePoolIsWarm()
    {
        static double Run()
        {
            Tape<double> tape = default;
            tape.Reserve(1000);
            for (int i = 0; i < 1000; i++)
            {
                tape.Push(i);
            }

            double sum = 0;
            for (int i = 0; i < 1000; i++)
            {
                sum += tape.Pop();
            }

            tape.Dispose();
            return sum;
        }

        for (int i = 0; i < 100; i++)
        {
            Run();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        double total = 0;
        for (int i = 0; i < 1000; i++)
        {
            total += Run();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000 * 499500.0, total);
        Assert.Equal(0, allocated);
    }
}
