using GradGen.Numerics.Tests.Infrastructure;

#pragma warning disable GG1008 // fields and properties read as constants on purpose: the cases check they get no derivative

namespace GradGen.Numerics.Tests.Functions
{
    /// <summary>Instance methods: fields (and a property) of <c>this</c> are constants.</summary>
    public partial class Oscillator
    {
        private static readonly double Gravity = 9.81;
        private readonly double _phase;

        public Oscillator(double amplitude, double frequency, double phase, double mass)
        {
            Amplitude = amplitude;
            Frequency = frequency;
            _phase = phase;
            Mass = mass;
        }

        public double Amplitude;

        public double Frequency;

        public double Mass { get; }

        // A public instance method reading public and private instance fields.
        [Differentiable(Forward = true)]
        public double Displacement(double t, double damping) =>
            Amplitude * Math.Exp(-damping * t) * Math.Cos(Frequency * t + _phase);

        public (double, double) DisplacementAnalytic(double t, double damping)
        {
            double e = Amplitude * Math.Exp(-damping * t);
            double theta = Frequency * t + _phase;
            return (e * (-damping * Math.Cos(theta) - Frequency * Math.Sin(theta)), -t * e * Math.Cos(theta));
        }

        // An internal instance method reading an auto-property and a static readonly field.
        [Differentiable(Forward = true)]
        internal double Energy(double velocity, double height) => 0.5 * Mass * velocity * velocity + Mass * Gravity * height;

        internal (double, double) EnergyAnalytic(double velocity, double height) => (Mass * velocity, Mass * Gravity);

        // A private instance method, tested through the cases below (declared in the same type).
        [Differentiable(Forward = true)]
        private double Spring(double x) => 0.5 * Frequency * Frequency * x * x - Amplitude * x;

        private double SpringAnalytic(double x) => Frequency * Frequency * x - Amplitude;

        internal static IEnumerable<DoubleCase> DoubleCases()
        {
            foreach (var o in new[] { new Oscillator(1.5, 2.0, 0.3, 2.0), new Oscillator(-0.5, 7.0, -1.0, 0.25) })
            {
                string state = $"(A={o.Amplitude},w={o.Frequency},phi={o._phase},m={o.Mass})";
                yield return Case.D2($"Oscillator{state}.{nameof(Displacement)}", ["t", "damping"], o.Displacement,
                    o.DisplacementGradient, o.DisplacementValueAndGradient, o.DisplacementPullback, o.DisplacementAnalytic,
                    (0.0, 0.5), (1.3, 0.1), (2.5, -0.2));
                yield return Case.D2($"Oscillator{state}.{nameof(Energy)}", ["velocity", "height"], o.Energy,
                    o.EnergyGradient, o.EnergyValueAndGradient, o.EnergyPullback, o.EnergyAnalytic,
                    (0.0, 0.5), (1.3, 10.0), (-2.5, -0.2));
                yield return Case.D1($"Oscillator{state}.{nameof(Spring)}", o.Spring, o.SpringGradient,
                    o.SpringValueAndGradient, o.SpringPullback, o.SpringAnalytic, -1.0, 0.0, 0.25, 3.0);
            }
        }
    }

    /// <summary>Static methods with internal and private accessibility.</summary>
    public static partial class Accessibility
    {
        [Differentiable(Forward = true)]
        internal static double InternalCubic(double x) => x * x * x - 2 * x;

        internal static double InternalCubicAnalytic(double x) => 3 * x * x - 2;

        [Differentiable(Forward = true)]
        private static double PrivateQuartic(double x, double y) => x * x * x * x * y - y * y;

        private static (double, double) PrivateQuarticAnalytic(double x, double y) => (4 * x * x * x * y, x * x * x * x - 2 * y);

        /// <summary>A public wrapper: the generated members of a private method are private too.</summary>
        public static (double Value, (double x, double y) Gradient) PublicWrapper(double x, double y) =>
            PrivateQuarticValueAndGradient(x, y);

        internal static IEnumerable<DoubleCase> DoubleCases()
        {
            yield return Case.D1(nameof(InternalCubic), InternalCubic, InternalCubicGradient, InternalCubicValueAndGradient,
                InternalCubicPullback, InternalCubicAnalytic, -2.0, -0.3, 0.0, 1.7);
            yield return Case.D2(nameof(PrivateQuartic), PrivateQuartic, PrivateQuarticGradient,
                PrivateQuarticValueAndGradient, PrivateQuarticPullback, PrivateQuarticAnalytic,
                (1.0, 2.0), (-0.5, 0.75), (1.3, -1.1));
            yield return Case.D2("PublicWrapper(PrivateQuartic)", PrivateQuartic, (x, y) => PublicWrapper(x, y).Gradient,
                PublicWrapper, PrivateQuarticPullback, PrivateQuarticAnalytic, (0.5, 3.0), (-2.0, 0.1));
        }
    }
}

namespace GradGen.Numerics.Tests.Functions.Deeply.Nested
{
    /// <summary>Nested types of several kinds and accessibilities, in a block-scoped namespace.</summary>
    public static partial class Outer
    {
        internal partial class Middle
        {
            public static partial class Inner
            {
                [Differentiable(Forward = true)]
                public static double NestedStatic(double x, double y) => Math.Exp(x - y) * Math.Sin(y);

                public static (double, double) NestedStaticAnalytic(double x, double y) =>
                    (Math.Exp(x - y) * Math.Sin(y), Math.Exp(x - y) * (Math.Cos(y) - Math.Sin(y)));
            }

            private partial struct Point
            {
                private readonly double _scale;

                public Point(double scale) => _scale = scale;

                // An instance method of a nested private struct.
                [Differentiable(Forward = true)]
                public readonly double Norm2(double x, double y) => _scale * (x * x + y * y);

                public readonly (double, double) Norm2Analytic(double x, double y) => (2 * _scale * x, 2 * _scale * y);

                public static IEnumerable<DoubleCase> DoubleCases()
                {
                    var p = new Point(1.5);
                    yield return Case.D2("Outer.Middle.Point.Norm2", p.Norm2, p.Norm2Gradient, p.Norm2ValueAndGradient,
                        (double x, double y, double s, ref double ax, ref double ay) => p.Norm2Pullback(x, y, s, ref ax, ref ay),
                        p.Norm2Analytic, (1.0, 2.0), (-0.5, 0.75), (0.0, -3.0)) with { Pushforward = (point, tangent) => p.Norm2Pushforward(point[0], point[1], tangent[0], tangent[1]) };
                }
            }

            internal static IEnumerable<DoubleCase> DoubleCases()
            {
                yield return Case.D2("Outer.Middle.Inner.NestedStatic", Inner.NestedStatic, Inner.NestedStaticGradient,
                    Inner.NestedStaticValueAndGradient, Inner.NestedStaticPullback, Inner.NestedStaticAnalytic,
                    (1.0, 2.0), (-0.5, 0.75), (0.0, -3.0));
                foreach (DoubleCase c in Point.DoubleCases())
                {
                    yield return c;
                }
            }
        }

        /// <summary>A positional record holding its parameters as constants.</summary>
        public sealed partial record Line(double Slope, double Intercept)
        {
            [Differentiable(Forward = true)]
            public double SquaredResidual(double x, double y)
            {
                double r = y - (Slope * x + Intercept);
                return r * r;
            }

            public (double, double) SquaredResidualAnalytic(double x, double y)
            {
                double r = y - (Slope * x + Intercept);
                return (-2 * r * Slope, 2 * r);
            }
        }

        internal static IEnumerable<DoubleCase> DoubleCases()
        {
            foreach (DoubleCase c in Middle.DoubleCases())
            {
                yield return c;
            }

            var line = new Line(0.5, -2.0);
            yield return Case.D2("Outer.Line.SquaredResidual", line.SquaredResidual, line.SquaredResidualGradient,
                line.SquaredResidualValueAndGradient, line.SquaredResidualPullback, line.SquaredResidualAnalytic,
                (1.0, 2.0), (-0.5, 0.75), (4.0, -3.0));
        }
    }
}
