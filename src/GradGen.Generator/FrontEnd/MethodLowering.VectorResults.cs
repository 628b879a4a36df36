using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static GradGen.Generator.Model.ExprBuilder;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// Vector-valued methods: a result that is a value tuple of <c>double</c> (or of <c>float</c>) elements. Each
    /// <c>return (a, b);</c> writes the elements into one local each and returns <c>Σ seedᵢ · elementᵢ</c>, a scalar the
    /// differentiators already know how to handle (see <see cref="VectorResult"/>).
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>The most elements a vector-valued result may have: C# nests an eighth element in <c>Rest</c>.</summary>
        private const int MaxResultElements = 7;

        private VectorResult? _vector;

        /// <summary>The method returns a tuple that GG0017 (or GG0002) rejected: its returns are not lowered (one error, not two).</summary>
        private bool _vectorRejected;

        /// <summary>Checks a tuple return type and, when it is a tuple of reals of one type, makes the method vector-valued
        /// (<see cref="_vector"/>, <see cref="_returnType"/> the element type). Reports GG0017 or GG0018 otherwise.</summary>
        private void CheckVectorReturnType(INamedTypeSymbol tuple)
        {
            _vectorRejected = true; // until the checks below pass
            TupleTypeSyntax? syntax = _syntax.ReturnType as TupleTypeSyntax;
            Location ElementLocation(int i) => syntax is not null && i < syntax.Elements.Count ? syntax.Elements[i].GetLocation() : _syntax.ReturnType.GetLocation();
            string display = _syntax.ReturnType.ToString();
            if (_method.ReturnsByRef || _method.ReturnsByRefReadonly)
            {
                Report(DiagnosticDescriptors.UnsupportedReturnType, _syntax.ReturnType.GetLocation(), _method.Name, display);
                return;
            }

            var elements = tuple.TupleElements;
            if (elements.Length > MaxResultElements)
            {
                Report(DiagnosticDescriptors.UnsupportedVectorResult, _syntax.ReturnType.GetLocation(), _method.Name, display,
                    "it has " + elements.Length + " elements, and GradGen takes at most " + MaxResultElements + "; return fewer, or split the method");
                return;
            }

            ScalarKind? kind = null;
            for (int i = 0; i < elements.Length; i++)
            {
                ITypeSymbol type = elements[i].Type;
                ScalarKind? element = type.SpecialType switch
                {
                    SpecialType.System_Double => ScalarKind.Double,
                    SpecialType.System_Single => ScalarKind.Float,
                    _ => null,
                };
                if (element is null)
                {
                    Report(DiagnosticDescriptors.UnsupportedVectorResult, ElementLocation(i), _method.Name, display,
                        "its element '" + elements[i].Name + "' is '" + type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "', and every element must be a double or a float");
                    return;
                }

                if (kind is not null && element != kind)
                {
                    Report(DiagnosticDescriptors.UnsupportedVectorResult, ElementLocation(i), _method.Name, display,
                        "it mixes double and float elements, and a Jacobian has one element type; make every element a double (or every one a float)");
                    return;
                }

                kind = element;
            }

            // The columns of a Jacobian are scalar inputs, arrays flattened; a model value's members are not laid out yet.
            bool modelInput = false;
            foreach (IParameterSymbol p in _method.Parameters)
            {
                if (!ModelTypes.IsModelParameter(p) || SymbolFacts.HasNoDerivative(p)) continue;
                modelInput = true;
                Report(DiagnosticDescriptors.UnsupportedVectorResult, p.Locations.FirstOrDefault() ?? _syntax.Identifier.GetLocation(), _method.Name, display,
                    "its parameter '" + p.Name + "' is a model type, and a Jacobian's columns are double, float and array inputs only; pass the model's members as such parameters (or mark it [NoDerivative])");
            }

            if ((SymbolFacts.WithRespectToThis(_method) ?? (_method.PartialDefinitionPart is { } definition ? SymbolFacts.WithRespectToThis(definition) : null)) is { } withThis)
            {
                modelInput = true;
                Report(DiagnosticDescriptors.UnsupportedVectorResult, withThis.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? _syntax.Identifier.GetLocation(), _method.Name, display,
                    "WithRespectToThis makes the instance an input, and a Jacobian's columns are double, float and array inputs only; pass the instance's members as parameters");
            }

            if (modelInput) return;

            var names = new List<string>();
            for (int i = 0; i < elements.Length; i++)
            {
                string name = elements[i].Name; // ItemN for an element without a name
                names.Add(name);
                string seed = VectorResult.SeedName(name);
                if (_method.Parameters.Any(p => p.Name == seed))
                {
                    Report(DiagnosticDescriptors.SeedNameCollision, ElementLocation(i), _method.Name, name, seed);
                }
            }

            var elementType = new TypeRef(kind!.Value, Shape.Scalar);
            _returnType = elementType;
            var seeds = names.Select(n => new Variable(_nextId++, VectorResult.SeedName(n), elementType, VariableKind.Parameter)).ToEquatableArray();
            var outputs = names.Select(n => new Variable(_nextId++, "_result" + n, elementType, VariableKind.Synthetic)).ToEquatableArray();
            _vector = new VectorResult(names.ToEquatableArray(), seeds, outputs);
            _vectorRejected = false;
        }

        /// <summary><c>return (a, b);</c>, <c>return t;</c>, <c>=&gt; (a, b)</c> of a vector-valued method: each element into its
        /// output local (in C#'s order), then a return of <c>Σ seedᵢ · outputᵢ</c>. False when the method is not vector-valued.</summary>
        private bool LowerVectorReturn(IReturnOperation ret, List<Stmt> output)
        {
            if (_vectorRejected && _inlining.Count == 0) return true;
            if (_vector is null || ret.ReturnedValue is null) return false;
            TupleTree? value = WithEffects(output, () => LowerTupleValue(ret.ReturnedValue, _method.ReturnType, output));
            if (value is null) return true; // reported
            List<Expr> leaves = value.Leaves().Select(v => Hoist(v, output)).ToList();
            if (leaves.Count != _vector.Count)
            {
                Unsupported(ret.ReturnedValue, "a vector-valued method returns a tuple of its result's elements, not nested tuples");
                return true;
            }

            Expr? sum = null;
            for (int i = 0; i < leaves.Count; i++)
            {
                Variable result = _vector.Outputs[i];
                output.Add(new Assign(new VarRef(result), Converted(leaves[i], result.Type)));
                Expr term = Mul(new VarRef(_vector.Seeds[i]), new VarRef(result));
                sum = sum is null ? term : Add(sum, term);
            }

            output.Add(new Return(sum!));
            return true;
        }

        /// <summary>The body of a vector-valued method starts by declaring its outputs (zero until a return writes them, so that
        /// generated code always assigns them before use).</summary>
        private Block WithVectorOutputs(Block body) =>
            _vector is null ? body
            : new Block(_vector.Outputs.Select(o => (Stmt)new Declare(o, Real(0, o.Type))).Concat(body.Statements).ToEquatableArray());
    }
}
