/** Props of {@link ChartFigure}. */
export interface ChartFigureProps {
  /** `data-chart` of the container, for tests and styles. */
  name: string
  caption: string
  /** One `<svg>` element as a string from `@aedetect/charts` (its DOM serializer escaped every text). */
  svg: string
}

/** A chart of `@aedetect/charts` mounted into a figure, with its caption above. */
export function ChartFigure({ name, caption, svg }: ChartFigureProps) {
  return (
    <figure class="chart">
      <figcaption>{caption}</figcaption>
      <div data-chart={name} dangerouslySetInnerHTML={{ __html: svg }} />
    </figure>
  )
}
