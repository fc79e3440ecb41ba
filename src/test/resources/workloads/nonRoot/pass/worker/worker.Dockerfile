ARG NODE=20
FROM node:${NODE} AS build
RUN npm ci
FROM gcr.io/distroless/nodejs${NODE}-debian12:nonroot
COPY --from=build /app /app
CMD ["/app/worker.js"]
