// Fits y = w·x + b to noisy synthetic data by gradient descent. The gradient of the loss comes
// from GradGen: Losses.Mse is marked [Differentiable], and MseValueAndGradient is generated at
// compile time (see obj/**/generated after building with -p:EmitCompilerGeneratedFiles=true).
using System.Globalization;
using LinearRegression;

const double TrueW = 2.5;
const double TrueB = -1.2;
const int Samples = 500;
const int Steps = 250;
const double LearningRate = 0.02;

var random = new Random(20261126);
double[] xs = new double[Samples];
double[] ys = new double[Samples];
for (int i = 0; i < Samples; i++)
{
    xs[i] = random.NextDouble() * 4.0 - 2.0;
    double noise = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
    ys[i] = TrueW * xs[i] + TrueB + 0.3 * noise;
}

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.WriteLine($"Fitting y = w*x + b to {Samples} noisy points (true w = {TrueW}, b = {TrueB}).");
Console.WriteLine();
Console.WriteLine(" step       loss          w          b");

double w = 0.0;
double b = 0.0;
for (int step = 0; step <= Steps; step++)
{
    // One call: the loss L(w, b) = (1/n) Σ (y_i - (w x_i + b))² and its gradient (dL/dw, dL/db).
    var (loss, (dw, db)) = Losses.MseValueAndGradient(w, b, xs, ys);
    if (step % 25 == 0)
    {
        Console.WriteLine($"{step,5}  {loss,9:F6}  {w,9:F5}  {b,9:F5}");
    }

    w -= LearningRate * dw;
    b -= LearningRate * db;
}

Console.WriteLine();
Console.WriteLine($"fitted  w = {w,8:F5}   b = {b,8:F5}");
Console.WriteLine($"true    w = {TrueW,8:F5}   b = {TrueB,8:F5}");
