# Multi-stage build of the contactgraph service. The web UI is embedded in
# the binary, so the final image holds one static file.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/contactgraph ./cmd/contactgraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/contactgraph /usr/local/bin/contactgraph
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/contactgraph"]
CMD ["serve"]
