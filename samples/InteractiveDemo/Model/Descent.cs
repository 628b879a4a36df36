namespace InteractiveDemo.Model;

/// <summary>Where the descent is, what the loss and its gradient are there, and where it has been.</summary>
/// <remarks>
/// Every loss and gradient comes from GradGen's generated <c>Regression.MseValueAndGradient</c>: in the page
/// that is WebAssembly, in the tests it is .NET, and both must agree.
/// </remarks>
public sealed class Descent
{
    /// <summary>Where the page starts: far from the answer, so that the path has somewhere to go.</summary>
    public const double StartW = -1.0;

    /// <summary>Where the page starts.</summary>
    public const double StartB = 3.0;

    /// <summary>The step size the page starts with.</summary>
    public const double DefaultLearningRate = 0.1;

    private readonly List<(double W, double B)> path = [];

    /// <summary>Starts at (<paramref name="w"/>, <paramref name="b"/>).</summary>
    public Descent(double w = StartW, double b = StartB, double learningRate = DefaultLearningRate)
    {
        LearningRate = learningRate;
        MoveTo(w, b);
    }

    /// <summary>The slope of the current line.</summary>
    public double W { get; private set; }

    /// <summary>The intercept of the current line.</summary>
    public double B { get; private set; }

    /// <summary>L(W, B).</summary>
    public double Loss { get; private set; }

    /// <summary>∂L/∂w at (W, B).</summary>
    public double GradW { get; private set; }

    /// <summary>∂L/∂b at (W, B).</summary>
    public double GradB { get; private set; }

    /// <summary>Step size η of <see cref="Step"/>: a step goes from (w, b) to (w, b) − η·∇L.</summary>
    public double LearningRate { get; set; }

    /// <summary>Steps taken since the last <see cref="MoveTo"/>.</summary>
    public int Steps { get; private set; }

    /// <summary>Every point since the last <see cref="MoveTo"/>, the current one last.</summary>
    public IReadOnlyList<(double W, double B)> Path => path;

    /// <summary>Starts again from (<paramref name="w"/>, <paramref name="b"/>), forgetting the path.</summary>
    public void MoveTo(double w, double b)
    {
        path.Clear();
        Steps = 0;
        SetPoint(w, b);
    }

    /// <summary>One step of gradient descent: (w, b) ← (w, b) − η·∇L(w, b).</summary>
    public void Step()
    {
        SetPoint(W - LearningRate * GradW, B - LearningRate * GradB);
        Steps++;
    }

    /// <summary>L at any (w, b) over the page's points: what the loss surface is drawn from.</summary>
    public static double LossAt(double w, double b) => Regression.Mse(w, b, Points.Xs, Points.Ys);

    /// <summary>The least-squares line, in closed form: where the descent should end.</summary>
    public static (double W, double B) LeastSquares()
    {
        double mx = Points.Xs.Average();
        double my = Points.Ys.Average();
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < Points.Xs.Length; i++)
        {
            sxy += (Points.Xs[i] - mx) * (Points.Ys[i] - my);
            sxx += (Points.Xs[i] - mx) * (Points.Xs[i] - mx);
        }

        double w = sxy / sxx;
        return (w, my - w * mx);
    }

    private void SetPoint(double w, double b)
    {
        W = w;
        B = b;
        var (loss, (gradW, gradB)) = Regression.MseValueAndGradient(w, b, Points.Xs, Points.Ys);
        Loss = loss;
        GradW = gradW;
        GradB = gradB;
        path.Add((w, b));
    }
}
